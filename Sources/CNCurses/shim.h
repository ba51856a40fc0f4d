// The one C header pbitui reads ncurses through. Only TerminalUI's NCursesScreen imports it.
//
// SwiftPM drops pkg-config's -D flags, so the wide-character API must be switched on here, and the C
// globals and function-like macros that Swift 6 cannot import (or refuses as shared mutable state) are
// wrapped in static inline accessors.
#ifndef PBITUI_CNCURSES_SHIM_H
#define PBITUI_CNCURSES_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

static inline WINDOW *tui_stdscr(void) { return stdscr; }
static inline int tui_cols(void) { return COLS; }
static inline int tui_lines(void) { return LINES; }
static inline int tui_colors(void) { return COLORS; }
static inline int tui_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t tui_a_normal(void) { return A_NORMAL; }
static inline attr_t tui_a_bold(void) { return A_BOLD; }
static inline attr_t tui_a_dim(void) { return A_DIM; }
static inline attr_t tui_a_reverse(void) { return A_REVERSE; }
static inline attr_t tui_a_underline(void) { return A_UNDERLINE; }
static inline attr_t tui_a_italic(void) { return A_ITALIC; }

/// Clicks and double clicks of the left button (ncurses composes them from press and release) and the wheel.
static inline mmask_t tui_mouse_mask(void) {
    return BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline mmask_t tui_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_RELEASED | BUTTON1_PRESSED; }
static inline mmask_t tui_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t tui_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t tui_button5_pressed(void) { return BUTTON5_PRESSED; }

/// Writes one wide-character cell with attributes and a colour pair (pairs above 255 included).
static inline int tui_put_cell(WINDOW *win, int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t cc;
    int p = pair;
    if (setcchar(&cc, wch, attrs, (short)(pair > 32767 ? 0 : pair), &p) != OK) return ERR;
    return mvwadd_wch(win, y, x, &cc);
}

/// Reads the pending mouse event: 1 and its buttons and cell, or 0 when there is none.
static inline int tui_get_mouse(mmask_t *buttons, int *row, int *column) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *buttons = event.bstate;
    *row = event.y;
    *column = event.x;
    return 1;
}

static inline void tui_enable_mouse(void) {
    mousemask(tui_mouse_mask(), NULL);
    mouseinterval(200);
}

/// The terminal's size from the kernel (after SIGWINCH), or 0 on failure.
static inline int tui_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return 0;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 1;
}

/// Key codes for the bracketed-paste markers (above ncurses' own key codes).
static inline int tui_paste_begin(void) { return KEY_MAX + 1; }
static inline int tui_paste_end(void) { return KEY_MAX + 2; }

/// Bracketed paste (DEC mode 2004): the terminal wraps pasted text in ESC[200~ … ESC[201~, which ncurses
/// then reports as the two key codes above, so that a paste is told apart from typing.
static inline void tui_enable_bracketed_paste(void) {
    define_key("\033[200~", tui_paste_begin());
    define_key("\033[201~", tui_paste_end());
    static const char on[] = "\033[?2004h";
    ssize_t ignored = write(STDOUT_FILENO, on, sizeof(on) - 1);
    (void)ignored;
}

static inline void tui_disable_bracketed_paste(void) {
    static const char off[] = "\033[?2004l";
    ssize_t ignored = write(STDOUT_FILENO, off, sizeof(off) - 1);
    (void)ignored;
}

static void tui_restore_at_exit(void) {
    if (stdscr != NULL && !isendwin()) {
        tui_disable_bracketed_paste();
        endwin();
    }
}

/// Restores the terminal on any exit() path, including ones the Swift code never sees.
static inline void tui_register_atexit(void) { atexit(tui_restore_at_exit); }

#endif
