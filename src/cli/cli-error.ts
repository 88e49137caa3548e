/** A failure the command line reports as its message alone (exit 1), no stack trace. */
export class CliError extends Error {}
