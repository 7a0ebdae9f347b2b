/**
 * Braid for Swing programs: {@link dev.braid.swing.SwingReactors#create()} makes a reactor whose
 * protocol callbacks, Deferred callbacks fired by I/O, delayed calls and {@code callFromThread}
 * tasks all run on the AWT event dispatch thread, so they may update widgets directly. See {@code
 * docs/swing.md}.
 */
package dev.braid.swing;
