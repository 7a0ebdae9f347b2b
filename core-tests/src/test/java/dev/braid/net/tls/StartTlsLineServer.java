package dev.braid.net.tls;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.Transport;
import dev.braid.protocols.LineReceiver;
import dev.braid.reactor.ReactorTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A line protocol shaped like SMTP's STARTTLS dialogue (enough for {@code openssl s_client
 * -starttls smtp}): greets with 220, answers EHLO with a 250 list offering STARTTLS, and on
 * "STARTTLS" answers 220, drops every byte it still holds from before, and starts TLS. Over TLS it
 * answers each line with "250 got LINE".
 */
final class StartTlsLineServer extends LineReceiver {
  private final ReactorTime clock;
  private final TlsOptions options;
  final List<String> lines = new ArrayList<>();
  final Deferred<Throwable> lost = new Deferred<>();
  private Transport out;
  private boolean tls;

  StartTlsLineServer(ReactorTime clock, TlsOptions options) {
    this.clock = clock;
    this.options = options;
  }

  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    out = transport;
    out.write("220 braid ESMTP test\r\n");
  }

  @Override
  protected void lineReceived(ByteString line) {
    String text = line.utf8();
    lines.add(text);
    if (tls) {
      out.write("250 got " + text + "\r\n");
    } else if (text.startsWith("EHLO")) {
      out.write("250-braid\r\n250 STARTTLS\r\n");
    } else if (text.equals("STARTTLS")) {
      out.write("220 go ahead\r\n");
      clearLineBuffer(); // plaintext sent after STARTTLS is never processed
      tls = true;
      out = Tls.startTls(clock, transport(), this, options);
    } else {
      out.write("500 say EHLO or STARTTLS\r\n");
    }
  }

  @Override
  public void connectionLost(Throwable reason) {
    lost.callback(reason);
  }
}
