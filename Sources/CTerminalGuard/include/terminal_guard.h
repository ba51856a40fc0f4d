// Crash safety for the full-screen UI: see terminal_guard.c.
#ifndef PBITUI_TERMINAL_GUARD_H
#define PBITUI_TERMINAL_GUARD_H

/// Remembers the terminal's settings and installs handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT and
/// SIGTRAP that put the terminal back before the process dies of the signal. Call before ncurses starts.
void terminal_guard_install(void);

/// Puts the terminal back as `terminal_guard_install` found it and ends the process at once with status
/// 128 + `signal_number`: for SIGTERM, SIGHUP and SIGINT when the main loop is too busy to end by itself.
void terminal_guard_force_exit(int signal_number);

#endif
