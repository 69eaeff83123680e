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

cmd-inbox-new-tickets-name = new-tickets
cmd-inbox-new-tickets-description = Settings for the tickets an inbox opens.

cmd-inbox-new-tickets-starter-name = starter
cmd-inbox-new-tickets-starter-description = Change the first message posted in new tickets.

cmd-inbox-new-tickets-name-name = name
cmd-inbox-new-tickets-name-description = Change how new tickets are named.

# Message context-menu command (right-click a message → Apps).
menu-select-message-name = Select this message

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
