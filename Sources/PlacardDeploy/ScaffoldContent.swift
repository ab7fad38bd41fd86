/// The widgets of a new project: one per buildable messenger placement, each showing what
/// its placement delivers and which `placement.bind` options it takes.
///
/// Exists as Swift literals because PlacardDeploy has no resource bundle (see `Scaffold`).
/// `ScaffoldTests` check that there is one widget for every `Placement.buildable`.
enum ScaffoldContent {
    static let files: [ScaffoldFile] = [
        ScaffoldFile("content/quick-replies/index.md", quickReplies),
        ScaffoldFile("content/handbook/index.md", handbook),
        ScaffoldFile("content/handbook/faq.md", handbookFAQ),
        ScaffoldFile("content/message-actions/index.md", messageActions),
        ScaffoldFile("content/message-actions/message.js", messageScript),
        ScaffoldFile("content/team/index.md", team),
        ScaffoldFile("content/mobile/index.md", mobile),
    ]

    static let quickReplies = #"""
        ---
        placement: IM_TEXTAREA
        title: Quick replies
        description: Insert a prepared answer into the message field.
        options:
          iconName: fa-commenting
          color: AZURE
          context: [USER, CHAT, LINES]
          width: 420
          height: 380
        ---
        Type to filter, ↓ ↑ to pick, **Enter** (or **Insert**) to put a reply into the message field;
        edit it before sending. Write each reply as a fenced block with the language `reply`: its
        Markdown is shown formatted here and inserted as the chat's BBCode (bold, italic, links,
        lists, quotes, code). Add `replace` after `reply` to replace the field's text instead of
        inserting at the cursor; a block with the language `insert` is inserted exactly as written.

        ## Greeting

        ```reply
        Hello, thanks for your message! I'm **looking into it** now.
        ```

        ## Asking for details

        ```reply
        Could you send me:

        - a **screenshot** of the problem,
        - the *steps* that led to it.

        The [troubleshooting guide](https://example.com/help) may already have the answer.
        ```

        ## Closing

        ```reply replace
        > Anything else? Just reply in this chat.

        [user=all]Everyone[/user]: this conversation is solved.
        ```

        """#

    static let handbook = #"""
        ---
        placement: IM_SIDEBAR
        title: Handbook
        description: The team's rules and answers, next to the conversation.
        options:
          iconName: fa-book
          color: MINT
          context: [USER, CHAT]
          role: USER
          extranet: N
        ---
        Everything the team needs while a conversation is open, one click away in the chat sidebar.

        - [Frequent questions](faq.md)

        > Add pages as more `.md` files in `content/handbook/`; a `page.de.md` next to `page.md`
        > is its German version, shown to users whose Bitrix24 language is German.

        """#

    static let handbookFAQ = #"""
        ---
        title: Frequent questions
        weight: 10
        ---
        **Who answers first?** Whoever sees the message first; assign it to yourself so nobody else
        starts on it.

        **When do we escalate?** When a customer waits longer than a working day, or asks for
        something you may not decide alone.

        """#

    static let messageActions = #"""
        ---
        placement: IM_CONTEXT_MENU
        title: Follow up
        description: Plan a follow-up for a chat message.
        options:
          context: ALL
          role: USER
          extranet: N
        scripts: [message.js]
        ---
        This page opens from a message's menu (**...** → *More*); `placard serve`'s preview shows
        the message and chat ids above (`showContext: true` in `placard.yml` shows them to
        everyone). `message.js` (listed under `scripts:`) fetches the message itself with
        `Placard.call('im.dialog.messages.get', …)` and shows it below; under `placard serve`
        the answer comes from the emulator's fixtures (`fixtures/<method>.json` overrides them).

        """#

    static let messageScript = #"""
        // Shows the message this page was opened for. Loaded after the Placard runtime, because
        // index.md lists it under `scripts:`; the API is typed in templates/placard.d.ts.
        /// <reference path="../../templates/placard.d.ts" />
        Placard.ready.then(async ({ options }) => {
          const quote = document.createElement('blockquote');
          quote.className = 'widget-message';
          document.querySelector('main').append(quote);
          if (!options.dialogId || !options.messageId) {
            quote.textContent = 'Open this page from a message menu to see the message.';
            return;
          }
          try {
            // The messages after FIRST_ID, oldest first: the first one is the message itself.
            const answer = await Placard.call('im.dialog.messages.get', {
              DIALOG_ID: options.dialogId, FIRST_ID: Number(options.messageId) - 1, LIMIT: 1,
            });
            const message = (answer.messages || []).find((m) => String(m.id) === options.messageId);
            quote.textContent = message ? message.text : 'The message was not found (it may have been deleted).';
          } catch (error) {
            quote.textContent = 'Bitrix24 did not return the message: ' + error.error_description + ' (' + error.error + ')';
          }
        });

        """#

    static let team = #"""
        ---
        placement: IM_NAVIGATION
        title: Team
        description: Who is who, and how to reach them.
        options:
          iconName: fa-users
          role: USER
        ---
        This widget takes the whole messenger area and gets no chat: put here what is useful
        outside a conversation.

        - **Team lead**: *name*, by chat
        - **On call**: *name*, by chat or phone

        """#

    static let mobile = #"""
        ---
        placement: IMMOBILE_CONTEXT_MENU
        title: Chat tools
        description: Shortcuts for a chat in the Bitrix24 mobile app.
        options:
          context: USER;CHAT
          role: USER
        ---
        This page opens from the *Apps* menu of a chat in the Bitrix24 mobile app, as a page of
        its own. The mobile app does not filter by `context` or `role`: a page that acts on the
        chat should check which chat it was opened for (`Placard.ready` gives its `dialogId`).

        """#
}
