/**
 * The picocli command line: the root command, one thin class per subcommand, option mixins and the
 * exit-code mapping. Calls into {@code app}; nothing depends on this package.
 */
package io.qualitymonitor.cli;
