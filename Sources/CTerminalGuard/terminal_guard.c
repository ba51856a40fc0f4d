// A crash must not leave the person's terminal in raw mode, on the alternate screen, with the cursor hidden
// and mouse reports flowing. The handlers here restore the terminal with async-signal-safe calls only
// (tcsetattr, write), put back the handler that was there before ours (the Swift runtime's backtracer, or
// the default action) and raise the signal again: the backtrace, if any, lands on a usable terminal, and
// the exit status still tells the signal.
#include "terminal_guard.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_termios;
static volatile sig_atomic_t saved_termios_valid = 0;
static struct sigaction previous_actions[NSIG];
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };

static void restore_terminal(void) {
    if (saved_termios_valid) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    // Mouse reporting off, attributes reset, cursor shown, alternate screen left.
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1006l\033[?2004l\033[0m\033[?25h\033[?1049l\r\n";
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof(reset) - 1);
    (void)ignored;
}

void terminal_guard_force_exit(int signal_number) {
    restore_terminal();
    _exit(128 + signal_number);
}

static void crash_handler(int signal_number) {
    restore_terminal();
    if (signal_number > 0 && signal_number < NSIG) sigaction(signal_number, &previous_actions[signal_number], NULL);
    raise(signal_number);
}

void terminal_guard_install(void) {
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0) saved_termios_valid = 1;
    for (size_t i = 0; i < sizeof(crash_signals) / sizeof(crash_signals[0]); i++) {
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = crash_handler;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_NODEFER;
        sigaction(crash_signals[i], &action, &previous_actions[crash_signals[i]]);
    }
}
