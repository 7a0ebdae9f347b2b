"""Two scripted IRC clients (Python's irc library) against a server on 127.0.0.1.

Alice registers, logs in with SASL PLAIN, joins #braid and sets its topic; Bob registers and
joins; they talk in the channel and in private; Bob parts, and both quit. Every step prints one
line ("alice: ..." / "bob: ..."); the last is "done". Exits 1 on an error or after 20 seconds.

Usage: two_clients.py PORT PASSWORD
"""
import base64
import sys

import irc.client

port = int(sys.argv[1])
password = sys.argv[2]
reactor = irc.client.IRC()
alice = reactor.server()
bob = reactor.server()
names = {}
quits = []


def say(who, text):
    print("%s: %s" % (who, text), flush=True)


def fail(why):
    print("FAILED: " + why, flush=True)
    sys.exit(1)


def on_event(conn, event):
    who = names.get(conn)
    kind = event.type
    source = irc.client.NickMask(event.source).nick if event.source else ""
    args = event.arguments
    if kind in ("error", "erroneusnickname", "nicknameinuse", "saslfail", "904"):
        if not (kind == "error" and conn in quits):
            fail("%s got %s %s" % (who, kind, args))
    if who == "alice":
        if kind == "welcome":
            say(who, "registered")
            conn.cap("REQ", "sasl")
        elif kind == "cap" and len(args) >= 2 and args[0] == "ACK":
            conn.send_raw("AUTHENTICATE PLAIN")
        elif kind == "authenticate" and event.target == "+":
            token = base64.b64encode(("\0alice\0" + password).encode()).decode()
            conn.send_raw("AUTHENTICATE " + token)
        elif kind == "903":
            say(who, "logged in")
            conn.join("#braid")
        elif kind == "join" and source == "alice":
            conn.topic("#braid", "talk about braid")
        elif kind == "topic" and source == "alice":
            say(who, "topic set")
            bob.connect("127.0.0.1", port, "bob", ircname="Bob Builder")
        elif kind == "join" and source == "bob":
            say(who, "saw bob join")
            conn.privmsg("#braid", "hello bob")
        elif kind == "pubmsg":
            say(who, "heard <%s> %s" % (source, args[0]))
            conn.privmsg("bob", "just for you")
        elif kind == "part" and source == "bob":
            say(who, "saw bob part: %s" % (args[0] if args else ""))
            quits.append(conn)
            conn.quit("bye")
    elif who == "bob":
        if kind == "welcome":
            say(who, "registered")
            conn.join("#braid")
        elif kind == "currenttopic":
            say(who, "topic is %s" % args[-1])
        elif kind == "namreply":
            say(who, "names %s" % args[-1])
        elif kind == "pubmsg":
            say(who, "heard <%s> %s" % (source, args[0]))
            conn.privmsg("#braid", "hi alice")
        elif kind == "privmsg":
            say(who, "private <%s> %s" % (source, args[0]))
            # this version of the library writes the reason without its colon
            conn.part("#braid", ":see you")
        elif kind == "part" and source == "bob":
            say(who, "parted")
            quits.append(conn)
            conn.quit("done too")
    if len(quits) == 2 and kind == "disconnect" and not alice.is_connected() and not bob.is_connected():
        print("done", flush=True)
        sys.exit(0)


names[alice] = "alice"
names[bob] = "bob"
reactor.add_global_handler("all_events", on_event)
reactor.execute_delayed(20, lambda: fail("timed out"))
alice.connect("127.0.0.1", port, "alice", username="alice", ircname="Alice Liddell")
reactor.process_forever()
