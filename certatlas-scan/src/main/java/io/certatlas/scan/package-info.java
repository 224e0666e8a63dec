/** TLS discovery: targets, the probe engine, the TLS wire codec, wrapped TLS, findings and grades. No database. */
package io.certatlas.scan;
