/**
 * The page: its files served at {@code /} (from certatlas-web), the security headers every
 * answer carries (a strict Content-Security-Policy among them), and the small scoped read
 * endpoints the page needs beside the Certificate View API: the overview's aggregates and one
 * endpoint's detail. The page holds its token in memory and sends it as a bearer header like any
 * script, so no cookie authenticates anything and there is nothing for a forged request to ride on.
 */
package io.certatlas.server.web;
