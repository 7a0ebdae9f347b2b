package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.cli.runfactory.Broken;
import dev.braid.cli.runfactory.Greeter;
import dev.braid.cli.runfactory.UpperCaseFactory;
import dev.braid.net.ProtocolFactory;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.StringTransport;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** What {@code braid run --factory CLASS} accepts, and what it says about the rest. */
@BraidTest
class FactoryClassTest {
  private static final ClassLoader LOADER = FactoryClassTest.class.getClassLoader();
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
  private final MemoryReactor reactor = new MemoryReactor();

  private static String served(ProtocolFactory factory, String input) {
    StringTransport transport = new StringTransport();
    transport.makeConnection(factory.buildProtocol(PEER));
    if (!input.isEmpty()) {
      transport.receive(input);
    }
    return transport.written().utf8();
  }

  @Test
  void aClassImplementingProtocolFactoryIsMadeWithItsNoArgumentConstructor() {
    FactoryClass found = FactoryClass.load(UpperCaseFactory.class.getName(), LOADER);
    ProtocolFactory factory = found.factory(reactor);
    assertThat(factory).isInstanceOf(UpperCaseFactory.class);
    assertThat(found.factory(reactor)).as("one per reactor").isNotSameAs(factory);
    assertThat(served(factory, "shout\n")).isEqualTo("SHOUT\n");
  }

  @Test
  void aPublicStaticFactoryMethodIsCalledWithTheReactor() {
    FactoryClass found = FactoryClass.load(Greeter.class.getName(), LOADER);
    assertThat(found).hasToString(Greeter.class.getName() + ".factory(reactor)");
    assertThat(served(found.factory(reactor), "")).isEqualTo("hello from my reactor: true\n");
  }

  @Test
  void aMissingClassSaysHowToAddOnesClasses() {
    assertThatThrownBy(() -> FactoryClass.load("com.example.Nope", LOADER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--factory: no class com.example.Nope on the class path (add your classes with"
                + " --classpath DIR_OR_JAR, or BRAID_CLASSPATH=... ./braid run ...)");
  }

  @Test
  void aClassOfTheWrongTypeSaysWhatWouldDo() {
    assertThatThrownBy(() -> FactoryClass.load("java.lang.String", LOADER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--factory: java.lang.String is not a ProtocolFactory and has no public static"
                + " factory() or factory(Reactor) method returning one");
  }

  @Test
  void aFactoryWithoutANoArgumentConstructorIsRefused() {
    String name = Broken.NeedsAnArgument.class.getName();
    assertThatThrownBy(() -> FactoryClass.load(name, LOADER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--factory: "
                + name
                + " implements ProtocolFactory but has no public no-argument constructor");
  }

  @Test
  void anAbstractFactoryIsRefused() {
    String name = Broken.Abstract.class.getName();
    assertThatThrownBy(() -> FactoryClass.load(name, LOADER))
        .hasMessage(
            "--factory: "
                + name
                + " is abstract; name a concrete class implementing ProtocolFactory");
  }

  @Test
  void aFactoryMethodThatFailsOrGivesNothingIsReportedWithItsName() {
    String throwing = Broken.Throws.class.getName();
    assertThatThrownBy(() -> FactoryClass.load(throwing, LOADER).factory(reactor))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--factory: " + throwing + ".factory() failed: the greeting file is missing");
    String empty = Broken.ReturnsNull.class.getName();
    assertThatThrownBy(() -> FactoryClass.load(empty, LOADER).factory(reactor))
        .hasMessage("--factory: " + empty + ".factory() returned null");
  }
}
