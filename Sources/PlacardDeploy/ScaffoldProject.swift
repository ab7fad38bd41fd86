/// The project-level files of a new project: settings, README, CI workflow, `.gitignore`.
///
/// Exists as Swift literals because PlacardDeploy has no resource bundle (see `Scaffold`).
enum ScaffoldProject {
    static func files(title: String) -> [ScaffoldFile] {
        [
            ScaffoldFile("placard.yml", config(title: title)),
            ScaffoldFile("README.md", readme(title: title)),
            ScaffoldFile(".gitignore", gitignore),
            ScaffoldFile(".github/workflows/placard.yml", workflow),
        ]
    }

    static func config(title: String) -> String {
        #"""
        # Placard project settings.
        # title: the application's name, shown on dist/index.html and dist/install.html.
        title: \#(ScaffoldText.yamlString(title))
        # defaultLanguage: the language of content/<widget>/*.md; page.de.md etc. are translations.
        defaultLanguage: en
        # baseURL: the public https URL where dist/ is hosted, ending in "/". Each widget's
        # HANDLER becomes baseURL + widget id + "/". Leave it out for a Bitrix24 static app
        # (placard package): install.html then resolves the handlers against its own address.
        # baseURL: https://widgets.example.com/
        # bx24Script: https://api.bitrix24.com/api/v1/
        # sizeBudget: 1048576

        """#
    }

    static let gitignore = #"""
        /dist/
        *.zip

        """#

    static let workflow = #"""
        # Builds the widgets and checks them with placard-verify on every push and pull request;
        # the static-app ZIP is kept as a build artifact.
        name: placard

        on:
          push:
          pull_request:

        jobs:
          build:
            runs-on: ubuntu-latest
            container: swift:6.3
            env:
              # Where to build the Placard tools from: set the repository variables PLACARD_REPO
              # (git URL of Placard) and optionally PLACARD_REF (branch or tag, default main) under
              # Settings → Secrets and variables → Actions → Variables.
              PLACARD_REPO: ${{ vars.PLACARD_REPO }}
              PLACARD_REF: ${{ vars.PLACARD_REF || 'main' }}
            steps:
              - uses: actions/checkout@v4

              - name: Install Placard
                run: |
                  if [ -z "$PLACARD_REPO" ]; then
                    echo "::error::Set the repository variable PLACARD_REPO to the git URL of Placard."
                    exit 1
                  fi
                  apt-get update
                  apt-get install -y --no-install-recommends git libcmark-dev pkg-config
                  git clone --depth 1 --branch "$PLACARD_REF" "$PLACARD_REPO" /opt/placard
                  swift build -c release --package-path /opt/placard --product placard
                  swift build -c release --package-path /opt/placard --product placard-verify
                  echo "/opt/placard/.build/release" >> "$GITHUB_PATH"

              - name: Build
                run: placard build

              - name: Verify
                run: placard-verify dist --static-app --format github

              - name: Package
                run: placard package --output placard-app.zip

              - uses: actions/upload-artifact@v4
                with:
                  name: placard-app
                  path: placard-app.zip

        """#

    static func readme(title: String) -> String {
        #"""
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
        `page.de.md` is the German version of `page.md`.

        ## Commands

        ```sh
        placard build            # content/ + templates/ → dist/
        placard serve            # preview in the Bitrix24 messenger emulator, with live reload
        placard verify           # check dist/ against the Bitrix24 placement rules
        placard package          # dist/ → placard-app.zip for a Bitrix24 static local app
        ```

        CI (`.github/workflows/placard.yml`) builds, verifies and packages on every push; set the
        repository variable `PLACARD_REPO` to the git URL of Placard first.

        ## Deploy

        A widget does nothing until the application registers it with `placement.bind`, which only
        an installed application, opened by an administrator, can do (not a webhook). The build
        therefore contains two pages of its own: `install.html` registers every widget of
        `placements.json`, and `index.html` shows which are registered and lets an administrator
        register them again.

        1. In Bitrix24: *Applications → Developer resources → Other → Local application*. Scopes:
           `placement` and `im` (plus `user_brief` if a widget calls `user.get`).
        2. Choose one way to host the files:
           - **Static app (ZIP)**: run `placard package` and upload `placard-app.zip`. Bitrix24 hosts
             the files and opens `install.html` from the archive root when the app is installed.
             Leave `baseURL` out of `placard.yml`: the handlers are resolved against the address
             Bitrix24 serves the archive from.
           - **Your own static host**: set `baseURL` in `placard.yml` to the public https URL of
             `dist/`, upload `dist/`, and in the application form set the application URL to
             `<baseURL>index.html` and the initial installation path to `<baseURL>install.html`.
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

             Check it with `curl -X POST -i <baseURL>handbook/` (expect 200 and the page).
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
