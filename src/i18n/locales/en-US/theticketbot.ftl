### theticketbot — English (United States). This is the source locale: every other
### locale may only use message ids, attributes and variables that exist here.
###
### Rules that test/unit/i18n checks for every locale:
###   cmd-*-name          lowercase, no spaces, 1–32 letters/digits/-/_/'
###   cmd-*-description   1–100 characters
###   menu-*-name         1–32 characters (context-menu names may have spaces and capitals)
###   *-modal-title, *-modal-label   1–45 characters
###   *-button            1–80 characters
###   *-placeholder       1–150 characters
###
### Variables named $link, $inbox and $message are message or thread links: keep whitespace
### on both sides of them (no punctuation touching a link), otherwise Discord may break it.
### $channel, $destination, $old, $new and $owner are mentions such as <#123> or <@123>;
### they come out unchanged and punctuation next to them is fine.

## Application commands
## Names appear in the Discord client after a slash; descriptions under them.

cmd-inbox-name = inbox
cmd-inbox-description = Set up and manage ticket inboxes.

cmd-inbox-create-name = create
cmd-inbox-create-description = Turn a message into a new inbox.
cmd-inbox-create-channel-name = channel
cmd-inbox-create-channel-description = Where the inbox message is posted.
cmd-inbox-create-destination-name = destination
cmd-inbox-create-destination-description = Where new tickets are opened (defaults to the inbox channel).

cmd-inbox-destination-name = destination
cmd-inbox-destination-description = Change where an inbox opens its tickets.
cmd-inbox-destination-channel-name = channel
cmd-inbox-destination-channel-description = Where new tickets are opened.

cmd-inbox-message-name = message
cmd-inbox-message-description = Replace the message an inbox shows.

cmd-inbox-staff-name = staff
cmd-inbox-staff-description = Choose the roles and members added to an inbox's tickets.

cmd-inbox-settings-name = settings
cmd-inbox-settings-description = See and change an inbox's limits, roles and log channel.

cmd-inbox-new-tickets-name = new-tickets
cmd-inbox-new-tickets-description = Settings for the tickets an inbox opens.

cmd-inbox-new-tickets-starter-name = starter
cmd-inbox-new-tickets-starter-description = Change the first message posted in new tickets.

cmd-inbox-new-tickets-name-name = name
cmd-inbox-new-tickets-name-description = Change how new tickets are named.

# Message context-menu command (right-click a message → Apps).
menu-select-message-name = Select this message

# /ticket: the ticket workflow, used inside a ticket (close, claim and reopen also from
# elsewhere, with the ticket option).
cmd-ticket-name = ticket
cmd-ticket-description = Close, claim, rename a ticket and more.

cmd-ticket-close-name = close
cmd-ticket-close-description = Close a ticket.
cmd-ticket-close-reason-name = reason
cmd-ticket-close-reason-description = Why it is closed (posted in the ticket).
cmd-ticket-close-ticket-name = ticket
cmd-ticket-close-ticket-description = The ticket (default: the one you are in).

cmd-ticket-reopen-name = reopen
cmd-ticket-reopen-description = Reopen a closed ticket.
cmd-ticket-reopen-ticket-name = ticket
cmd-ticket-reopen-ticket-description = The ticket (default: the one you are in).

cmd-ticket-claim-name = claim
cmd-ticket-claim-description = Take charge of a ticket.
cmd-ticket-claim-ticket-name = ticket
cmd-ticket-claim-ticket-description = The ticket (default: the one you are in).

cmd-ticket-unclaim-name = unclaim
cmd-ticket-unclaim-description = Give a claimed ticket back.

cmd-ticket-rename-name = rename
cmd-ticket-rename-description = Rename this ticket.
cmd-ticket-rename-name-name = name
cmd-ticket-rename-name-description = The new name.

cmd-ticket-add-name = add
cmd-ticket-add-description = Add someone to this ticket.
cmd-ticket-add-member-name = member
cmd-ticket-add-member-description = Who to add.

cmd-ticket-remove-name = remove
cmd-ticket-remove-description = Remove someone from this ticket (removing its owner closes it).
cmd-ticket-remove-member-name = member
cmd-ticket-remove-member-description = Who to remove.

## Picking a message with "Select this message"

# Shown after /inbox create.
#   $channel: mention of the channel that will hold the inbox
select-message-for-new-inbox =
    Your inbox will be posted in { $channel }. Now pick the message it should show: right-click it (or long-press on mobile), open **Apps** and choose **{ menu-select-message-name }**.

# Shown after /inbox destination, message, staff, new-tickets starter and name.
select-inbox-to-edit =
    Pick the inbox you want to change: right-click its message (or long-press on mobile), open **Apps** and choose **{ menu-select-message-name }**.

# Shown after the inbox was picked for /inbox message.
#   $inbox: link to the inbox message
select-message-for-inbox =
    Now pick the message to copy into { $inbox } the same way, with **{ menu-select-message-name }**.

# The pending request is older than three minutes.
select-expired = This selection has expired. Run the command again, then select the message.

# "Select this message" was used without a command asking for a message.
select-nothing-pending = There is nothing to select right now. Run a command that asks for a message first.

#   $message: link to the picked message
select-not-an-inbox = { $message } is not an inbox. Pick a message that has a **{ inbox-button }** button under it.

# The message looks like an old inbox, but the bot has no record of it.
#   $message: link to the picked message
select-inbox-unrecognised = { $message } is no longer recognised as an inbox. Please create it again with /{ cmd-inbox-name } { cmd-inbox-create-name }.

## Permissions

# The bot lacks permissions it needs in a channel.
#   $channel: channel mention
#   $permissions: the missing permissions, already joined into one list (uses permission-* below)
permissions-missing = I need these permissions in { $channel }: { $permissions }

# Names as shown in Discord's channel settings.
permission-view-channel = View Channel
permission-send-messages = Send Messages
permission-send-messages-in-threads = Send Messages in Threads
permission-create-public-threads = Create Public Threads
permission-create-private-threads = Create Private Threads
permission-embed-links = Embed Links
permission-attach-files = Attach Files
permission-add-reactions = Add Reactions
permission-use-external-emojis = Use External Emoji
permission-mention-everyone = Mention @everyone, @here and All Roles
permission-manage-messages = Manage Messages
permission-manage-threads = Manage Threads
permission-read-message-history = Read Message History
permission-manage-channels = Manage Channel
permission-manage-roles = Manage Permissions

## Inbox management

# Label of the button under every inbox message (the guild's language).
inbox-button = Create Ticket

# Default first message of a new ticket (the guild's language).
# $author and $staff here are NOT Fluent variables: they are kept literally and replaced
# by the bot when the ticket opens ($author = owner mention, $staff = staff mentions).
# Keep both words exactly as written, without braces.
inbox-starter-default =
    $author thanks for opening a ticket! Tell us what you need and someone will be with you soon.
    $staff

# The copied attachments add up to more than the configured limit.
#   $size: the limit in bytes, $actual: the total in bytes (both shown in kB/MB by BYTES())
inbox-attachments-too-large =
    The attachments of that message are too large to copy ({ BYTES($actual) }). Together they must not exceed { BYTES($size) }.

#   $link: link to the new inbox message
inbox-created = Your inbox is ready: { $link }

# Posting the inbox message got no clear answer from Discord, and the bot could not find
# it (or may not read the channel's history to look). The request stays pending.
#   $channel: mention of the inbox channel
inbox-post-not-confirmed = Discord didn't confirm that the inbox message was posted in { $channel }. If it shows up there, delete it, then pick your message again.

# /inbox create in an announcement channel without a destination: tickets are private
# threads, which only text channels have.
#   $channel: mention of the announcement channel
inbox-announcement-needs-destination = Tickets can't open in an announcement channel like { $channel }. Run the command again with a text channel as `{ cmd-inbox-create-destination-name }`, where they should open.

# The picked message has nothing an inbox could show.
inbox-message-empty = That message has no text, image or embed to copy. Pick another message.

# A staff menu or a modal belongs to an inbox whose message was deleted since.
inbox-gone = This inbox no longer exists. Create a new one with /{ cmd-inbox-name } { cmd-inbox-create-name }.

# /inbox message: the inbox itself was picked as the message to copy.
inbox-message-same-as-inbox = An inbox can't copy its own message. Pick a different message to copy.

#   $inbox: link to the inbox message
inbox-message-updated = The inbox message has been updated: { $inbox }

#   $inbox: link to the inbox message, $destination: channel mention
inbox-destination-unchanged = New tickets from { $inbox } already open in { $destination }, so nothing changed.

#   $inbox: link to the inbox message, $old and $new: channel mentions
inbox-destination-changed = New tickets from { $inbox } will now open in { $new } instead of { $old }.

# Text above the staff select menu.
#   $inbox: link to the inbox message
inbox-staff-prompt = Choose who is added to every new ticket from { $inbox }

inbox-staff-placeholder = Pick roles and members (up to 10)

#   $added, $removed: how many roles/members were added and removed
inbox-staff-updated = Staff updated: { $added } added, { $removed } removed.

inbox-staff-unchanged = You didn't change anything, so the staff stay the same.

inbox-starter-modal-title = First message of new tickets
inbox-starter-modal-label = Message ($author = owner, $staff = staff)

#   $inbox: link to the inbox message
inbox-starter-saved = New tickets from { $inbox } will start with the new message.

inbox-name-modal-title = Name of new tickets
inbox-name-modal-label = Name ($year $month $day $author $counter)

#   $inbox: link to the inbox message
inbox-name-saved = New tickets from { $inbox } will be named with the new template.

## Per-inbox settings (/inbox settings), shown to the admin

#   $inbox: link to the inbox message
inbox-settings-title = Settings of { $inbox }

#   $count: open tickets a member may have
inbox-settings-max-tickets = **Open tickets per member:** { $count }
inbox-settings-max-tickets-none = **Open tickets per member:** no limit

#   $seconds: the inbox's cooldown
inbox-settings-cooldown = **Cooldown between a member's tickets:** { $seconds } s
#   $seconds: the inbox's cooldown, $slowmode: the channel's longer slowmode, in seconds
inbox-settings-cooldown-slowmode = **Cooldown between a member's tickets:** { $seconds } s, but the channel's slowmode of { $slowmode } s applies

#   $duration: one of the auto-archive-* texts below
inbox-settings-auto-archive = **New tickets leave the channel list after:** { $duration } without activity

#   $roles: role mentions
inbox-settings-allowed = **Roles that may open tickets:** { $roles }
inbox-settings-allowed-everyone = **Roles that may open tickets:** everyone
inbox-settings-blocked = **Roles that may never open tickets:** { $roles }
inbox-settings-blocked-none = **Roles that may never open tickets:** none

#   $channel: mention of the log channel
inbox-settings-log = **Log channel:** { $channel }
inbox-settings-log-none = **Log channel:** none

inbox-settings-allowed-placeholder = Roles that may open tickets (none picked: everyone)
inbox-settings-blocked-placeholder = Roles that may never open tickets
inbox-settings-log-placeholder = Log channel for ticket events (none picked: no log)
inbox-settings-archive-placeholder = When new tickets leave the channel list
inbox-settings-limits-button = Change limit and cooldown

# Auto-archive durations, as menu options and in the settings.
auto-archive-channel = the channel's default
auto-archive-60 = 1 hour
auto-archive-1440 = 24 hours
auto-archive-4320 = 3 days
auto-archive-10080 = 1 week

inbox-settings-limits-modal-title = Limit and cooldown
inbox-settings-max-tickets-modal-label = Open tickets per member
#   $max: the highest value
inbox-settings-max-tickets-modal-description = A whole number from 0 to { $max }; 0 means no limit.
inbox-settings-cooldown-modal-label = Cooldown in seconds
#   $max: the highest value
inbox-settings-cooldown-modal-description = From 0 to { $max }. The channel's slowmode applies when it is longer.

# A typed value is not acceptable; nothing was saved.
#   $field: the form field's label, $min and $max: the range
inbox-settings-invalid-number = **{ $field }** must be a whole number from { $min } to { $max }. Nothing was saved.

# Said under the settings once a change is saved.
inbox-settings-saved-allowed = Saved the roles that may open tickets.
inbox-settings-saved-blocked = Saved the roles that may never open tickets.
#   $channel: mention of the new log channel
inbox-settings-saved-log = Saved: ticket events will be logged in { $channel }.
inbox-settings-saved-log-off = Saved: ticket events are no longer logged.
#   $duration: one of the auto-archive-* texts
inbox-settings-saved-archive = Saved: new tickets leave the channel list after { $duration } without activity.
inbox-settings-saved-limits = Saved the limit and the cooldown.
#   $slowmode: the channel's slowmode in seconds
inbox-settings-saved-limits-slowmode = Saved the limit and the cooldown. The channel's slowmode of { $slowmode } s is longer than that cooldown, so members still wait { $slowmode } s between tickets.

## Creating a ticket (Create Ticket button)

ticket-inbox-unknown = This inbox is no longer recognised. Please let a server admin know so they can set it up again.

# The member already has as many open tickets as the inbox allows.
#   $link: link to their most recent open ticket
ticket-limit-reached = You have reached the limit of open tickets for this inbox. Please finish your latest one first: { $link }

#   $seconds: whole seconds until another ticket can be opened
ticket-cooldown =
    You're opening tickets too quickly. Please try again in { $seconds ->
        [one] one second.
       *[other] { $seconds } seconds.
    }

ticket-creating = Opening your ticket…

#   $link: link to the new ticket thread
ticket-ready = Your ticket is ready: { $link }

# Audit-log reason for creating the thread (the guild's language, at most 512 characters).
#   $user: the member's name (not a mention)
ticket-audit-created = Ticket opened by { $user }

ticket-missing-permissions = I don't have the permissions I need to open a ticket here. Please let a server admin know.

# The member holds a role the inbox's settings block.
ticket-role-blocked = You can't open tickets from this inbox.

# The inbox lets only some roles open tickets, and the member has none of them.
ticket-role-not-allowed = Only members with certain roles can open tickets from this inbox.

# The member cannot view the channel where this inbox opens its tickets, so they could
# never open a ticket there (private threads need View Channel on their channel).
#   $channel: mention of that channel
ticket-member-cannot-view = You can't see { $channel }, where this inbox opens its tickets, so you couldn't open yours. Please let a server admin know.

# The member is timed out on the server, so they could not write in a ticket.
#   $until: when the timeout ends, as a Discord timestamp that shows as "in 5 minutes"
ticket-member-timed-out = You're timed out on this server, so you couldn't write in a ticket. Please try again { $until }.

# Discord did not confirm the new thread (no answer, or a server error twice), and no
# thread turned up when the bot looked for it.
ticket-create-failed = Discord didn't confirm that your ticket was opened. Please try again in a moment.

# Discord gave no clear answer to creating the thread, and looking for it failed too: the
# bot keeps looking, and this reply turns into the link (or ticket-create-failed) once it knows.
ticket-outcome-unknown = I can't tell yet whether Discord opened your ticket. Please wait a moment: if it was opened, the link will appear here.

# The member's previous click is in the state above, and it would take them to their limit.
ticket-still-checking = I'm still checking with Discord whether your last ticket was opened. Please wait a moment, then try again.

# The bot's database could not be written (read-only, disk full, or locked by another
# program for too long), so no ticket was opened; the log says which.
ticket-database-unavailable = I couldn't save your ticket because my database can't be written to right now. Please let a server admin know.

# Saving from a staff menu or a new-tickets form by someone who has lost Manage Server
# since they opened it.
inbox-manage-server-needed = You need the **Manage Server** permission to change inboxes, so nothing was saved.

# A menu or form sent something Discord never sends (more choices than allowed, a missing
# field); nothing was changed.
interaction-invalid = That request didn't look right, so I didn't change anything. Please try again.

# A server-only command or button was used outside a server.
error-guild-only = This only works in a server.

# Audit-log reason (at most 512 characters): a new ticket could not be set up (its first
# message could not be posted, or the bot could not save it), so the thread is archived again.
ticket-audit-abandoned = Ticket could not be set up

## Automatic ticket housekeeping (the guild's language)

#   $owner: mention of the ticket owner
ticket-owner-left-thread = { $owner } left this ticket, so it is now archived.

#   $owner: mention of the ticket owner
ticket-owner-left-server = { $owner } left the server, so this ticket is now archived.

ticket-locked-notice = This ticket was archived and is now locked: only moderators can reopen it.

# Audit-log reasons (at most 512 characters).
ticket-audit-owner-left-thread = The ticket owner left the thread
ticket-audit-owner-left-server = The ticket owner left the server
ticket-audit-locked = Locking an archived ticket

## The ticket workflow: the card, /ticket, and their answers

# The buttons on the first message of every ticket (the guild's language).
ticket-card-close-button = Close
ticket-card-claim-button = Claim
ticket-card-unclaim-button = Unclaim

# Last line of the card while the ticket is claimed (the guild's language; pings nobody).
#   $user: mention of the staff member
ticket-card-claimed = Claimed by { $user }

# /ticket outside a ticket, or a ticket option that is not one.
ticket-not-a-ticket = This isn't a ticket. Use this inside a ticket, or pick one with the `ticket` option.

ticket-owner-or-staff-only = Only the person who opened this ticket and its staff can close it.
ticket-staff-only = Only this ticket's staff can do that.

ticket-close-modal-title = Close this ticket
ticket-close-modal-label = Reason (optional)
ticket-close-modal-description = Posted in the ticket for everyone in it; not kept anywhere else.

ticket-closed-reply = The ticket is closed.
ticket-already-closed = This ticket is already closed.

# Notices in the ticket (the guild's language; they ping nobody).
#   $user: mention of who closed it
ticket-closed-notice = { $user } closed this ticket.
#   $user: mention of who closed it, $reason: what they wrote
ticket-closed-notice-reason =
    { $user } closed this ticket.
    Reason: { $reason }
#   $user: mention of the staff member, $owner: mention of the ticket owner
ticket-owner-removed-notice = { $user } removed { $owner } from this ticket, so it is now archived.
#   $user: mention of the staff member
ticket-reopened-notice = { $user } reopened this ticket.

# Audit-log reasons (the guild's language, at most 512 characters).
#   $user: the member's name (not a mention)
ticket-audit-closed = Ticket closed by { $user }
ticket-audit-owner-removed = Ticket owner removed by { $user }
ticket-audit-reopened = Ticket reopened by { $user }
ticket-audit-renamed = Ticket renamed by { $user }

ticket-already-open = This ticket is already open.
#   $link: link to the ticket
ticket-reopened-reply = The ticket is open again: { $link }

ticket-closed-reopen-first = This ticket is closed. Reopen it first with /{ cmd-ticket-name } { cmd-ticket-reopen-name }.
ticket-claimed-reply = You claimed this ticket.
ticket-unclaimed-reply = The ticket is no longer claimed.
ticket-already-yours = You have already claimed this ticket.
#   $user: mention of the staff member who has it
ticket-already-claimed = { $user } has already claimed this ticket. Unclaim it first if you want to take over.
ticket-not-claimed = Nobody has claimed this ticket.
ticket-claim-changed = Someone changed this ticket's claim just now. Please try again.
# Added to the claim answers when the card could not be edited (tickets opened before cards existed have none).
ticket-claim-no-card = I couldn't show it on the ticket's first message.

ticket-rename-empty = A ticket's name can't be empty.
#   $name: the name typed
ticket-rename-unchanged = This ticket is already called { $name }.
#   $name: the new name
ticket-renamed-reply = The ticket is now called { $name }.
# Discord allows only about two renames of a thread every ten minutes.
#   $seconds: seconds to wait, $when: the same as a Discord timestamp ("in 8 minutes")
ticket-rename-rate-limited =
    Discord allows only two renames of a ticket every ten minutes. Please try again { $when } ({ $seconds ->
        [one] one second
       *[other] { $seconds } seconds
    }).

#   $user: mention of the member
ticket-member-added = { $user } can now see this ticket.
ticket-member-removed = { $user } was removed from this ticket.
ticket-member-not-in-server = { $user } isn't a member of this server.
#   $user: mention of the member, $channel: mention of the ticket's channel
ticket-add-cannot-view = { $user } can't see { $channel }, so they couldn't see this ticket either. Let them view that channel first.
ticket-remove-bot = I need to stay in the ticket to look after it.
#   $user: mention of the owner
ticket-owner-removed-reply = You removed { $user }, who opened this ticket, so it is now closed.

## The log channel (the guild's language; one line per event, pinging nobody)
##   $ticket: mention of the ticket's thread (a link to it), $user: who acted, $owner: the owner

log-opened = { $ticket } opened by { $user }
log-claimed = { $ticket } claimed by { $user }
log-unclaimed = { $ticket } unclaimed by { $user }
log-closed = { $ticket } closed by { $user }
#   $reason: what they wrote, on one line
log-closed-reason = { $ticket } closed by { $user }: { $reason }
log-reopened = { $ticket } reopened by { $user }
# Discord reopened it because someone wrote in it (or a moderator unarchived it): the bot cannot tell who.
log-reopened-by-discord = { $ticket } reopened
log-owner-left-thread = { $ticket } closed: { $owner } left the ticket
log-owner-left-server = { $ticket } closed: { $owner } left the server
log-owner-removed = { $ticket } closed: { $user } removed { $owner }
#   $new: the new name
log-renamed = { $ticket } renamed by { $user } to { $new }
#   $old, $new: the names before and after
log-renamed-from = { $ticket } renamed by { $user }: { $old } → { $new }

## Owner-only text commands (mention the bot, then the command)

#   $commands: number of application commands synchronised
#   $localizations: number of localised names and descriptions sent with them
owner-sync-done =
    Synchronised { $commands ->
        [one] one command
       *[other] { $commands } commands
    } globally with { $localizations ->
        [one] one localisation.
       *[other] { $localizations } localisations.
    }

#   $guild: the server id, plus $commands and $localizations as above
owner-sync-guild-done =
    Synchronised { $commands ->
        [one] one command
       *[other] { $commands } commands
    } to server { $guild } with { $localizations ->
        [one] one localisation.
       *[other] { $localizations } localisations.
    }

owner-reload-config-done = The configuration file has been reloaded.

# What was wrong with the file (it names the file's full path) goes to the bot's log only.
owner-reload-config-failed = The configuration could not be reloaded, so the previous one stays in use. The bot's log says what is wrong with the file.

# `sync` followed by something that is not a server id.
#   $value: what was written after `sync`
owner-sync-not-a-guild-id = { $value } is not a server id. Write `sync` alone to register the commands everywhere, or follow it with the id of a server (right-click the server, then Copy Server ID).

# Discord refused to register the commands.
#   $reason: Discord's status code and message, e.g. "403: Missing Access"
owner-sync-refused = Discord refused to register the commands ({ $reason }). The bot's log has the details.

#   $guild: the server id, $reason as above
owner-sync-guild-refused = Discord refused to register the commands for server { $guild } ({ $reason }). The bot's log has the details.

owner-unknown-command =
    I only know these commands: `sync` (optionally followed by a server id) and `reload-config`. Mention me, then write the command.

## Errors

#   $code: error code (also written in the log), $owner: mention of the bot's owner
error-unexpected =
    Something unexpected went wrong (error code { $code }). If it keeps happening, please tell { $owner }.

# A command or button the bot does not (or no longer) know.
error-unknown-interaction = I don't recognise this command or button any more. It may be from an older version of the bot.

# An admin's change could not be saved: the bot's database is read-only, full, refuses
# writes, or stayed locked by another program for too long. The log says which.
database-unavailable = I couldn't save that because my database can't be written to right now. Try again later, or let the person who runs the bot know.

## Topics and intake forms (SPEC §11)

cmd-inbox-topics-name = topics
cmd-inbox-topics-description = See and change the topics of an inbox and their forms.

# The menu of topics on the inbox message, seen by everyone (the guild's language).
inbox-topics-menu-placeholder = What is your ticket about?

# The topic clicked was removed since the inbox message was shown.
ticket-topic-gone = This kind of ticket no longer exists. Please pick another one on the inbox message.

# The form was changed by an admin while the member filled it in (or the submit was not one Discord would send).
ticket-form-changed = The form changed while you were filling it in. Nothing was opened; please start again from the inbox message.

# First line of the answers posted in a new ticket (the guild's language).
#   $topic: the topic's label (shown literally)
ticket-form-answers-heading = Answers to the form "{ $topic }"

# An optional question the member left empty.
ticket-form-no-answer = (no answer)

# The admin's manager message (/inbox topics).
#   $inbox: link to the inbox message
inbox-topics-title = **Topics of { $inbox }**
inbox-topics-none = This inbox has no topics yet: its one button opens tickets with the inbox's settings. Add a topic to offer several kinds of ticket; the button becomes the first topic.
#   $max: how many topics the style holds
inbox-topics-style-buttons = Shown as buttons (up to { $max }):
inbox-topics-style-select = Shown as a menu (up to { $max }):
#   $n: position, $topic: emoji and label, $questions: number of questions in its form
inbox-topics-line = { $n }. { $topic } ({ $questions ->
        [0] no form
        [one] a form of one question
       *[other] a form of { $questions } questions
    })
inbox-topics-pick-placeholder = Pick a topic to change it
inbox-topics-add-button = Add a topic
inbox-topics-to-select-button = Show as a menu
inbox-topics-to-buttons-button = Show as buttons
# Said for every value a topic leaves to its inbox.
inbox-topics-inherited = the inbox's
inbox-topics-own = its own
inbox-topics-blocked-inbox-only = only the inbox's
#   $topic: emoji and label, $inbox: link to the inbox message
inbox-topics-topic-title = **Topic { $topic }** of { $inbox }
#   $value: the topic's value, or "the inbox's"
inbox-topics-field-destination = **Opens tickets in:** { $value }
inbox-topics-field-staff = **Staff:** { $value }
inbox-topics-field-name = **Ticket name:** { $value }
inbox-topics-field-starter = **First message:** { $value }
inbox-topics-field-max = **Open tickets per member:** { $value }
inbox-topics-field-cooldown = **Cooldown:** { $value }
inbox-topics-field-archive = **Auto-archive:** { $value }
inbox-topics-field-allowed = **Roles that may open these tickets:** { $value }
inbox-topics-field-blocked = **Roles blocked from these tickets:** { $value }
inbox-topics-field-log = **Log channel:** { $value }
#   $count: number of questions
inbox-topics-field-form = **Form:** { $count ->
        [0] none
        [one] one question
       *[other] { $count } questions
    }
inbox-topics-look-button = Edit
inbox-topics-up-button = Move up
inbox-topics-down-button = Move down
inbox-topics-remove-button = Remove
inbox-topics-back-button = Back
inbox-topics-destination-placeholder = Where its tickets open (none picked: the inbox's)
inbox-topics-staff-placeholder = Its staff (none picked: the inbox's)
inbox-topics-templates-button = Name and first message
inbox-topics-limits-button = Limit and cooldown
inbox-topics-access-button = Roles, log, archive
inbox-topics-form-button = Form
#   $topic: emoji and label
inbox-topics-access-title = **Who may open tickets of { $topic }, where they are logged, and when they are archived.** Roles blocked from the inbox stay blocked.
inbox-topics-allowed-placeholder = Roles that may open these tickets (none: the inbox's)
inbox-topics-blocked-placeholder = Roles blocked from these tickets
inbox-topics-log-placeholder = Log channel (none picked: the inbox's)

#   $topic: emoji and label, $max: most questions a form holds
inbox-topics-form-title = **Form of { $topic }** (up to { $max } questions, asked before the ticket opens; the answers are posted in the ticket and never stored)
inbox-topics-form-empty = No questions: the ticket opens straight away.
inbox-topics-kind-short = short text
inbox-topics-kind-paragraph = paragraph
inbox-topics-kind-choice = choice
inbox-topics-required = required
inbox-topics-optional = optional
#   $count: number of options
inbox-topics-question-choices = { $count ->
        [one] one option
       *[other] { $count } options
    }
#   $min, $max: the answer's length limits
inbox-topics-question-lengths = { $min }–{ $max } characters
#   $n: position, $kind: kind, $label: the question, $required: required or optional, $detail: options or lengths
inbox-topics-question-line = { $n }. **{ $label }** ({ $kind }, { $required }, { $detail })
#   $placeholder: the question's placeholder
inbox-topics-question-placeholder-line = Placeholder: { $placeholder }
inbox-topics-pick-question-placeholder = Pick a question to change it
inbox-topics-add-short-button = Add short text
inbox-topics-add-paragraph-button = Add paragraph
inbox-topics-add-choice-button = Add choice
#   $topic: emoji and label
inbox-topics-remove-confirm = Remove the topic { $topic } and its form? Tickets already opened from it stay open and keep working, with the inbox's settings.

inbox-topics-add-modal-title = New topic
inbox-topics-look-modal-title = Edit topic
inbox-topics-label-modal-label = Label
#   $max: longest label
inbox-topics-label-modal-description = Shown on the button or in the menu, up to { $max } characters.
inbox-topics-emoji-modal-label = Emoji (optional)
inbox-topics-emoji-modal-description = One emoji, or a server emoji as <:name:id>. Leave empty for none.
inbox-topics-templates-modal-title = Name and first message
inbox-topics-name-modal-label = Ticket name (empty: the inbox's)
inbox-topics-name-modal-description = $author, $counter, $topic, $year, $month and $day are filled in.
inbox-topics-starter-modal-label = First message (empty: the inbox's)
inbox-topics-starter-modal-description = $author, $staff and $topic are filled in.
#   $max: the highest value
inbox-topics-max-tickets-modal-description = 0 to { $max }; 0 means no limit. Empty: the inbox's.
inbox-topics-cooldown-modal-description = 0 to { $max } seconds. Empty: the inbox's.
inbox-topics-short-modal-title = Short text question
inbox-topics-paragraph-modal-title = Paragraph question
inbox-topics-choice-modal-title = Choice question
inbox-topics-question-modal-label = Question
inbox-topics-placeholder-modal-label = Placeholder (optional)
inbox-topics-required-modal-label = Must it be answered?
inbox-topics-required-yes = Yes, required
inbox-topics-required-no = No, optional
inbox-topics-choices-modal-label = Options, one per line
inbox-topics-choices-modal-description = 1 to 25 different options of up to 100 characters.
inbox-topics-min-modal-label = Shortest answer (optional)
inbox-topics-max-modal-label = Longest answer (optional)
#   $max: the longest answer Discord takes
inbox-topics-length-modal-description = A number of characters up to { $max }.

# Said under the manager once a change is saved.
#   $topic: emoji and label
inbox-topics-saved-added = Added { $topic }. The inbox message shows it.
inbox-topics-saved-look = Saved the label and emoji.
inbox-topics-saved-order = Saved the new order.
inbox-topics-order-unchanged = It is already at that end.
inbox-topics-saved-removed = Removed { $topic }.
inbox-topics-saved-buttons = The inbox message now shows its topics as buttons.
inbox-topics-saved-select = The inbox message now shows its topics as a menu.
#   $channel: mention of the channel
inbox-topics-saved-destination = Saved: its tickets open in { $channel }.
inbox-topics-saved-destination-inbox = Saved: its tickets open where the inbox's do.
inbox-topics-saved-staff = Saved its staff.
inbox-topics-saved-staff-inbox = Saved: its staff is the inbox's.
inbox-topics-saved-log-inbox = Saved: its tickets are logged where the inbox's are.
#   $duration: the duration as in the menu
inbox-topics-saved-archive = Saved: { $duration }.
inbox-topics-saved-templates = Saved the name and the first message.
#   $question: the question
inbox-topics-saved-question-added = Added the question "{ $question }".
inbox-topics-saved-question = Saved the question.
inbox-topics-saved-question-removed = Removed the question "{ $question }".
#   $reason: Discord's answer
inbox-topics-message-not-updated = Saved, but the inbox message could not be updated ({ $reason }). It will show the change the next time a topic changes.

# Refusals in the manager; nothing was saved.
inbox-topics-topic-gone = That topic no longer exists. Nothing was changed.
inbox-topics-question-gone = That question no longer exists. Nothing was changed.
inbox-topics-label-empty = The label can't be empty. Nothing was saved.
#   $max: longest label
inbox-topics-label-too-long = The label can be at most { $max } characters. Nothing was saved.
inbox-topics-emoji-invalid = That is not an emoji. Use one emoji, or a server emoji written as <:name:id>. Nothing was saved.
#   $max: most topics
inbox-topics-full = This inbox already has { $max } topics, the most its style holds. Nothing was saved.
inbox-topics-too-many-for-buttons = Buttons hold at most { $max } topics; remove some first. Nothing was changed.
#   $label: the label that is too long, $max: longest button label
inbox-topics-label-too-long-for-buttons = A button's label can be at most { $max } characters, and "{ $label }" is longer; shorten it first. Nothing was changed.
#   $max: most questions
inbox-topics-form-full = A form holds at most { $max } questions. Nothing was saved.
inbox-topics-question-label-empty = The question can't be empty. Nothing was saved.
#   $max: longest question
inbox-topics-question-label-too-long = The question can be at most { $max } characters. Nothing was saved.
inbox-topics-question-placeholder-too-long = The placeholder can be at most { $max } characters. Nothing was saved.
#   $which: min or max, $max: the longest answer
inbox-topics-question-length-not-a-number = The { $which ->
        [min] shortest
       *[max] longest
    } answer must be a whole number up to { $max }. Nothing was saved.
inbox-topics-question-length-order = The shortest answer can't be longer than the longest. Nothing was saved.
inbox-topics-question-no-choices = A choice needs at least one option. Nothing was saved.
#   $max: most options, $count: how many were given
inbox-topics-question-too-many-choices = A choice holds at most { $max } options, and you gave { $count }. Nothing was saved.
#   $choice: the option, $max: longest option
inbox-topics-question-choice-too-long = The option "{ $choice }" is longer than { $max } characters. Nothing was saved.
#   $choice: the option given twice
inbox-topics-question-choice-repeated = The option "{ $choice }" is there twice. Nothing was saved.

# Under "your ticket is ready" when the form's answers could not be posted in the ticket.
ticket-form-answers-lost = I couldn't post your answers in it, and they were not kept: please write them in the ticket.
