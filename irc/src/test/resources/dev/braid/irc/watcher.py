"""One scripted IRC client (Python's irc library) that joins #braid on 127.0.0.1 and reports.

It prints "watcher: joined" once in the channel, then one line per thing another user does there
("saw join NICK", "heard <NICK> TEXT", "saw part NICK", "saw quit NICK"); it greets whoever joins
("hi NICK") and prints "said hi". It quits when it sees someone quit; exits 1 on an error or after
30 seconds.

Usage: watcher.py PORT
"""
import sys

import irc.client

port = int(sys.argv[1])
reactor = irc.client.IRC()
conn = reactor.server()


def say(text):
    print("watcher: " + text, flush=True)


def on_event(c, event):
    kind = event.type
    source = irc.client.NickMask(event.source).nick if event.source else ""
    if kind == "welcome":
        c.join("#braid")
    elif kind == "join" and source == "watcher":
        say("joined")
    elif kind == "join":
        say("saw join " + source)
        c.privmsg("#braid", "hi " + source)
        say("said hi")
    elif kind == "pubmsg":
        say("heard <%s> %s" % (source, event.arguments[0]))
    elif kind == "part":
        say("saw part " + source)
    elif kind == "quit":
        say("saw quit " + source)
        c.quit("bye")
    elif kind == "disconnect":
        sys.exit(0)


reactor.add_global_handler("all_events", on_event)
reactor.execute_delayed(30, lambda: sys.exit(1))
conn.connect("127.0.0.1", port, "watcher", ircname="Watcher")
reactor.process_forever()
