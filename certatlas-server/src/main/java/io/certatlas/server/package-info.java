/** HTTP: the Certificate View API, /auth, scoping, scan jobs and the admin API. */
package io.certatlas.server;
