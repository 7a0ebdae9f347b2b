/** {@code braid pb}: the example Perspective Broker service on the command line. */
package dev.braid.pb.plugin;
