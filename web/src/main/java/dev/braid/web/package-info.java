/**
 * HTTP/1.1 on Braid: resources, requests and responses for servers, and the pieces shared with the
 * client. See {@code docs/web.md}.
 */
package dev.braid.web;
