// An analysis process that fails before it can relay anything (as a relay that cannot load would): Node prints the
// uncaught error's source line, the error and its stack to stderr and exits with code 1.
throw new TypeError('cannot start the relay');
