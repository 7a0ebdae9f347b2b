package dev.braid.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * irssi (Debian's irssi), run in a detached tmux session and typed at with {@code tmux send-keys},
 * against Braid's IRC server on a real socket: it connects (with its own CAP negotiation), joins,
 * talks to a second client (Python's irc library, which reports what it sees), parts and quits.
 * What irssi showed is read back with {@code tmux capture-pane}.
 */
@BraidTest
class IrssiTest {
  private static final String IRSSI_CONFIG =
      """
      servers = (
        { address = "127.0.0.1"; chatnet = "braid"; port = "PORT"; autoconnect = "yes"; }
      );
      chatnets = { braid = { type = "IRC"; }; };
      channels = ( { name = "#braid"; chatnet = "braid"; autojoin = "yes"; } );
      settings = {
        core = { real_name = "Irssi User"; user_name = "irssi"; nick = "irssi"; };
        "irc/core" = { cmd_queue_speed = "0msec"; cmds_max_at_once = "100"; };
      };
      """;

  @TempDir Path dir;

  private RealPeer tmux(ReactorTester t, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("tmux", "-S", dir.resolve("tmux").toString()));
    command.addAll(List.of(args));
    RealPeer peer = RealPeer.start(t.reactor(), "tmux", command);
    assertThat(t.await(peer.exited())).as(peer.output()).isZero();
    return peer;
  }

  private void type(ReactorTester t, String line) throws IOException {
    tmux(t, "send-keys", "-t", "irssi", "-l", line);
    tmux(t, "send-keys", "-t", "irssi", "Enter");
  }

  @Test
  void irssiConnectsJoinsTalksPartsAndQuits(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    IrcServer server = new IrcServer(reactor, IrcConfig.defaults());
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(server.factory()));
    String portNumber = "" + ((InetSocketAddress) port.address()).getPort();
    Path script = Path.of(getClass().getResource("watcher.py").toURI());
    RealPeer watcher =
        RealPeer.start(
            reactor, "python3-irc", List.of("/usr/bin/python3", script.toString(), portNumber));
    t.await(watcher.lineContaining("watcher: joined"));

    RealPeer.requireInstalled("irssi", "irssi");
    // irssi connects and joins by itself (so nothing is typed before it is connected), and sends
    // without its own flood pacing (2.2 s a command after the first five)
    Path home = Files.createDirectories(dir.resolve("irssi"));
    Files.writeString(home.resolve("config"), IRSSI_CONFIG.replace("PORT", portNumber));
    try {
      tmux(t, "new-session", "-d", "-s", "irssi", "-x", "160", "-y", "40", "irssi --home=" + home);
      t.await(watcher.lineContaining("watcher: said hi"));
      type(t, "/msg #braid hello from irssi");
      t.await(watcher.lineContaining("heard <irssi> hello from irssi"));
      // the channel's window on screen; the message after it says irssi has switched
      type(t, "/window goto #braid");
      type(t, "/msg #braid switched");
      t.await(watcher.lineContaining("heard <irssi> switched"));
      String screen = tmux(t, "capture-pane", "-p", "-t", "irssi", "-S", "-40").output();
      assertThat(screen).contains("<@watcher> hi irssi", "hello from irssi");
      type(t, "/part #braid");
      t.await(watcher.lineContaining("saw part irssi"));
      type(t, "/join #braid");
      t.await(watcher.lineContaining("said hi"));
      type(t, "/quit leaving");
      t.await(watcher.lineContaining("saw quit irssi"));
      assertThat(t.await(watcher.exited())).as(watcher.output()).isZero();
    } finally {
      // the exit code is not checked: the server is gone already when irssi quit
      t.await(
          RealPeer.start(
                  reactor,
                  "tmux",
                  List.of("tmux", "-S", dir.resolve("tmux").toString(), "kill-server"))
              .exited());
    }
    t.await(port.stopListening());
  }
}
