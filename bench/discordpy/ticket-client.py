"""A discord.py reference client for the benchmarks.

It is configured like the Python original of theticketbot (guilds, members and guild
messages intents, no member cache, no chunking at startup) and answers a click on the
`create-ticket` button with the same four Discord calls our bot makes, plus one SQLite
write transaction, so both can be measured against the same emulator.

Environment: THETICKETBOT_API_URL (the emulator's `.../api`), THETICKETBOT_TOKEN,
REF_DB_PATH (a throwaway SQLite file).

Protocol with the TypeScript harness (bench/discordpy.ts), on stdout:
  {"lastGuildCreateToReadyMs": <ms>}   just before READY (the guild_ready_timeout wait)
  READY                                once, from on_ready
  {"rss": <bytes>, "peak": <bytes>, "cpuSeconds": <s>}   answer to a line "measure" on stdin
                                       (memory after gc.collect(), CPU time before it)
It exits cleanly on stdin EOF or SIGTERM.
"""

import asyncio
import datetime
import gc
import json
import logging
import os
import signal
import sqlite3
import sys
import time

import discord
import discord.gateway
import discord.http
import yarl

API_URL = os.environ["THETICKETBOT_API_URL"].rstrip("/")
TOKEN = os.environ["THETICKETBOT_TOKEN"]
DB_PATH = os.environ["REF_DB_PATH"]

# Every REST call (the interaction webhooks included) is built on Route.BASE, so this
# one assignment keeps discord.py off discord.com.
discord.http.Route.BASE = f"{API_URL}/v10"

# The same texts our bot sends in en-US.
CREATING = "Opening your ticket…"
READY_TEXT = "Your ticket is ready: {link}"
STARTER = "{author} thanks for opening a ticket! Tell us what you need and someone will be with you soon."
NO_PINGS = discord.AllowedMentions.none()
STARTER_MENTIONS = discord.AllowedMentions(everyone=False, users=True, roles=True)


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        resident_pages = int(f.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes() -> int:
    """The largest RSS so far (VmHWM)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


class Store:
    """The ticket bookkeeping the original keeps in SQLite: a counter per inbox and a row per ticket."""

    def __init__(self, path: str) -> None:
        # Autocommit mode, so each ticket is exactly the one explicit transaction below.
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS inbox (id INTEGER PRIMARY KEY, counter INTEGER NOT NULL DEFAULT 0)")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS ticket (id INTEGER PRIMARY KEY, inbox_id INTEGER NOT NULL,"
            " owner_id INTEGER NOT NULL, created_at INTEGER NOT NULL)"
        )

    def record(self, inbox_id: int, ticket_id: int, owner_id: int) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute(
                "INSERT INTO inbox (id, counter) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET counter = counter + 1",
                (inbox_id,),
            )
            self.db.execute(
                "INSERT INTO ticket (id, inbox_id, owner_id, created_at) VALUES (?, ?, ?, ?)",
                (ticket_id, inbox_id, owner_id, int(time.time())),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.sqlite.close()


class TicketClient(discord.Client):
    def __init__(self, store: Store) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.members = True
        intents.guild_messages = True
        super().__init__(
            intents=intents,
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
        )
        self.store = store
        self.announced = False
        self.last_guild_create = None

    async def setup_hook(self) -> None:
        # A plain discord.Client (unlike AutoShardedClient) connects to its built-in
        # wss://gateway.discord.gg; ask the emulator for the gateway URL instead, as
        # GET /gateway/bot is meant to be used.
        data = await self.http.request(discord.http.Route("GET", "/gateway/bot"))
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(data["url"])
        # Benchmark instrumentation: note when the last GUILD_CREATE arrived, to report how
        # long on_ready then waits (guild_ready_timeout). One extra call per GUILD_CREATE.
        parsers = self._connection.parsers
        parse_guild_create = parsers["GUILD_CREATE"]

        def timed_guild_create(payload):
            self.last_guild_create = time.monotonic()
            return parse_guild_create(payload)

        parsers["GUILD_CREATE"] = timed_guild_create

    async def on_ready(self) -> None:
        if self.announced:
            return
        self.announced = True
        waited = None if self.last_guild_create is None else (time.monotonic() - self.last_guild_create) * 1000
        emit(json.dumps({"lastGuildCreateToReadyMs": waited}))
        emit("READY")

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.component:
            return
        if (interaction.data or {}).get("custom_id") != "create-ticket":
            return
        await self.open_ticket(interaction)

    async def open_ticket(self, interaction: discord.Interaction) -> None:
        channel = interaction.channel
        member = interaction.user
        if not isinstance(channel, discord.TextChannel) or interaction.message is None:
            raise RuntimeError(f"create-ticket clicked outside a cached text channel: {interaction.channel_id}")
        # (1) the ephemeral "creating" answer
        await interaction.response.send_message(CREATING, ephemeral=True, allowed_mentions=NO_PINGS)
        # (2) the private thread; discord.py 2.2 has no global_name, so display_name is
        # the nickname or the username (our bot prefers the global name when set).
        today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
        thread = await channel.create_thread(
            name=f"{today} {member.display_name}"[:100],
            type=discord.ChannelType.private_thread,
            invitable=False,
            reason=f"Ticket opened by {member.name}",
        )
        self.store.record(interaction.message.id, thread.id, member.id)
        # (3) the starter message; mentioning the member adds them to the thread
        await thread.send(STARTER.format(author=f"<@{member.id}>"), allowed_mentions=STARTER_MENTIONS)
        # (4) the original answer becomes the link
        await interaction.edit_original_response(content=READY_TEXT.format(link=thread.jump_url), allowed_mentions=NO_PINGS)


async def main() -> None:
    # Warnings and errors (a failed ticket, a lost connection) go to stderr for the harness's logs().
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    # Voice is never used; skip the warning about PyNaCl missing.
    discord.VoiceClient.warn_nacl = False
    store = Store(DB_PATH)
    client = TicketClient(store)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    pending = bytearray()

    def on_stdin() -> None:
        chunk = os.read(sys.stdin.fileno(), 4096)
        if not chunk:
            loop.remove_reader(sys.stdin.fileno())
            stopping.set()
            return
        pending.extend(chunk)
        while b"\n" in pending:
            line, _, rest = bytes(pending).partition(b"\n")
            pending[:] = rest
            if line.strip() == b"measure":
                cpu_seconds = time.process_time()
                gc.collect()
                emit(json.dumps({"rss": rss_bytes(), "peak": peak_rss_bytes(), "cpuSeconds": cpu_seconds}))

    loop.add_reader(sys.stdin.fileno(), on_stdin)
    loop.add_signal_handler(signal.SIGTERM, stopping.set)

    async with client:
        runner = asyncio.create_task(client.start(TOKEN))
        stopper = asyncio.create_task(stopping.wait())
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if runner in done:
            runner.result()  # a login or gateway failure: raise it, exit non-zero
        await client.close()
        await asyncio.wait({runner})
    stopper.cancel()
    await store.close()


if __name__ == "__main__":
    asyncio.run(main())
