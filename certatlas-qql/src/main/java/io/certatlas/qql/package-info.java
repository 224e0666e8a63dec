/** The Qualys query language: lexer, parser, AST, token catalogue and positioned errors. No I/O. */
package io.certatlas.qql;
