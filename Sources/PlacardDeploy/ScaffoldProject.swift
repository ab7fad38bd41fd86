/// The project-level files of a new project: settings, README, CI workflow, `.gitignore`.
///
/// Exists as Swift literals because PlacardDeploy has no resource bundle (see `Scaffold`).
enum ScaffoldProject {
    static func files(title: String, baseURL: String?) -> [ScaffoldFile] {
        [
            ScaffoldFile("placard.yml", config(title: title, baseURL: baseURL)),
            ScaffoldFile("README.md", readme(title: title, baseURL: baseURL)),
            ScaffoldFile(".gitignore", gitignore),
            ScaffoldFile(".github/workflows/placard.yml", workflow(selfHosted: baseURL != nil)),
        ]
    }

    static func config(title: String, baseURL: String?) -> String {
        let hosting = baseURL.map { "hosting: self-hosted\nbaseURL: \(ScaffoldText.yamlString($0))" }
            ?? "hosting: static-app\n# baseURL: https://widgets.example.com/"
        return #"""
        # Placard project settings.
        # title: the application's name, shown on dist/index.html and dist/install.html.
        title: \#(ScaffoldText.yamlString(title))
        # defaultLanguage: the language of content/<widget>/*.md; page.de.md etc. are translations.
        defaultLanguage: en
        # languages: codes beyond ISO 639-1 whose page.<code>.md files are translations too.
        # languages: [fil]
        # showContext: true shows the chat, message and page a widget was opened for to every
        # user (by default only 'placard serve' shows them); a widget's index.md may say otherwise.
        # showContext: false
        # hosting: where dist/ is served from.
        #   static-app   a Bitrix24 static local app: 'placard package' makes the ZIP you upload,
        #                Bitrix24 hosts it, and install.html resolves each widget's relative HANDLER.
        #   self-hosted  your own static host: baseURL is the public https URL of dist/, ending
        #                in "/"; each HANDLER is baseURL + widget id + "/". The host must answer POST.
        \#(hosting)
        # bx24Script: https://api.bitrix24.com/api/v1/
        # sizeBudget: 1048576

        """#
    }

    static let gitignore = #"""
        /dist/
        *.zip

        """#

    /// The GitHub Actions workflow: Placard built once per version (cached), then build,
    /// verify and package with findings as annotations on the source lines.
    static func workflow(selfHosted: Bool) -> String {
        let publish = selfHosted
            ? #"""
              # dist/ is what your host serves: deploy it from here (rsync, Pages, S3…).
              - uses: actions/upload-artifact@v4
                with:
                  name: placard-dist
                  path: dist/
        """#
            : #"""
              # The ZIP to upload in Bitrix24 (Applications → Developer resources → your local app).
              - uses: actions/upload-artifact@v4
                with:
                  name: placard-app
                  path: placard-app.zip
        """#
        return #"""
        # Builds the widgets and checks them on every push and pull request; findings become
        # annotations on the source lines. Needs the repository variable PLACARD_REPO (the git
        # URL of Placard); see README.md, "CI".
        name: placard

        on:
          push:
          pull_request:

        jobs:
          build:
            runs-on: ubuntu-latest
            container: swift:6.3
            env:
              # Settings → Secrets and variables → Actions → Variables: PLACARD_REPO (required),
              # PLACARD_REF (branch or tag, default main).
              PLACARD_REPO: ${{ vars.PLACARD_REPO }}
              PLACARD_REF: ${{ vars.PLACARD_REF || 'main' }}
            steps:
              - uses: actions/checkout@v4

              - name: Check the settings
                run: |
                  if [ -z "$PLACARD_REPO" ]; then
                    echo "::error title=PLACARD_REPO is not set::Set the repository variable PLACARD_REPO to the git URL of Placard: Settings → Secrets and variables → Actions → Variables → New repository variable (README.md, section CI)."
                    exit 1
                  fi

              - name: Install build tools
                run: |
                  apt-get update -qq
                  apt-get install -y -qq --no-install-recommends git libcmark-dev pkg-config

              - name: Find the Placard version
                id: placard
                run: |
                  commit=$(git ls-remote "$PLACARD_REPO" "$PLACARD_REF" | head -n 1 | cut -f 1) || true
                  if [ -z "$commit" ]; then
                    echo "::error title=Placard not found::Cannot find '$PLACARD_REF' in $PLACARD_REPO: check the variables PLACARD_REPO and PLACARD_REF (a branch or tag)."
                    exit 1
                  fi
                  echo "commit=$commit" >> "$GITHUB_OUTPUT"

              - name: Cache Placard
                id: cache
                uses: actions/cache@v4
                with:
                  path: /opt/placard/bin
                  key: placard-${{ runner.os }}-swift6.3-${{ steps.placard.outputs.commit }}

              - name: Build Placard (only when this version is not cached)
                if: steps.cache.outputs.cache-hit != 'true'
                run: |
                  git clone --depth 1 --branch "$PLACARD_REF" "$PLACARD_REPO" /opt/placard/src
                  /opt/placard/src/scripts/install --prefix /opt/placard

              - run: echo /opt/placard/bin >> "$GITHUB_PATH"

              - name: Build
                run: placard build --format github

              - name: Verify
                run: placard verify --format github

              - name: Package
                run: placard package --output placard-app.zip

        \#(publish)

        """#
    }

    static func readme(title: String, baseURL: String?) -> String {
        let hosting = baseURL.map { url in
            #"""
            This project is **self-hosted** (`hosting: self-hosted` in `placard.yml`): upload `dist/`
            to \#(url), and in the application form set the application URL to
            `\#(url)index.html` and the initial installation path to `\#(url)install.html`.
            Bitrix24 opens widgets with a form **POST**, which many static hosts answer with 405
            (a blank widget). The host must answer POST with the file; for nginx:

            ```nginx
            server {
                listen 443 ssl;
                server_name widgets.example.com;
                root /srv/widgets/dist;
                index index.html;
                # Bitrix24 POSTs to the handler: answer it like a GET.
                error_page 405 =200 $uri;
                add_header Content-Security-Policy "frame-ancestors https://your-portal.bitrix24.com" always;
            }
            ```

            Check it with `curl -X POST -i \#(url)handbook/` (expect 200 and the page).
            A staging build for another address: `placard build --base-url https://staging.example.com/`.
            """#
        } ?? #"""
            This project is a **static app** (`hosting: static-app` in `placard.yml`): run
            `placard package` and upload `placard-app.zip` in the application form. Bitrix24 hosts
            the files and opens `install.html` from the archive root when the app is installed;
            the widgets' handlers are resolved against the address Bitrix24 serves the archive from.
            To host `dist/` on your own server instead, write `hosting: self-hosted` and
            `baseURL: https://…/` (the public URL of `dist/`) in `placard.yml`.
            """#
        return #"""
        # \#(title)

        Bitrix24 chat widgets built with Placard: Markdown pages in `content/`, Mustache
        templates in `templates/`, one bundle per widget in `dist/`.

        | Widget | Placement | Where it appears |
        |---|---|---|
        | `content/quick-replies/` | `IM_TEXTAREA` | panel above the message field; **Insert** puts a reply into the field |
        | `content/handbook/` | `IM_SIDEBAR` | *Applications* block of the chat sidebar |
        | `content/message-actions/` | `IM_CONTEXT_MENU` | a message's `...` menu, opens in a slider |
        | `content/team/` | `IM_NAVIGATION` | messenger navigation, takes the whole messenger area |
        | `content/mobile/` | `IMMOBILE_CONTEXT_MENU` | *Apps* menu of a chat in the Bitrix24 mobile app |

        Each widget is a folder whose `index.md` front matter sets `placement`, `title`,
        `description` and the `placement.bind` `options`. More pages are more `.md` files;
        `page.de.md` is the German version of `page.md`; `draft: true` leaves a page (or, in
        `index.md`, a widget) out until you build with `--drafts`.

        ## Commands

        ```sh
        placard build            # content/ + templates/ → dist/
        placard serve --open     # preview in the Bitrix24 messenger emulator, with live reload
        placard check            # build in memory and verify, write nothing
        placard verify           # check dist/ against the Bitrix24 placement rules
        placard package          # dist/ → placard-app.zip
        ```

        ## CI

        `.github/workflows/placard.yml` builds, verifies and packages on every push and pull
        request, with every finding as an annotation on its source line. It needs one setting:
        under *Settings → Secrets and variables → Actions → Variables*, add the repository
        variable `PLACARD_REPO` with the git URL of Placard (and optionally `PLACARD_REF`, a
        branch or tag; default `main`). Without it the first step fails and says so. Placard is
        compiled once per version and cached (the cache key is the commit `PLACARD_REF` points at).

        ## Deploy

        A widget does nothing until the application registers it with `placement.bind`, which only
        an installed application, opened by an administrator, can do (not a webhook). The build
        therefore contains two pages of its own: `install.html` registers every widget of
        `placements.json`, and `index.html` shows which are registered and lets an administrator
        register them again.

        1. In Bitrix24: *Applications → Developer resources → Other → Local application*. Scopes:
           `placement` and `im` (plus `user_brief` if a widget calls `user.get`).
        2. Host the files. \#(hosting)
        3. Install the application as an administrator. `install.html` removes the widgets' earlier
           registrations and registers each widget again in one batch (so installing twice leaves
           one registration each), shows every result with what to do about an error, and calls
           `BX24.installFinish()` only when all widgets were registered. Widgets stay invisible
           until the installation is finished.

        After changing titles or options, open the application as an administrator and press
        *Register the widgets again* on its main page.

        """#
    }
}
