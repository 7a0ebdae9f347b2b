/**
 * The example PB service behind {@code braid pb}: a small shop ({@link dev.braid.pb.example.Shop})
 * with copied items, a basket passed by reference, and logins.
 */
package dev.braid.pb.example;
