/*-------------------------------------------------------------------------
 *
 * tap.h
 *	  A minimal Test Anything Protocol emitter for the unit tests.
 *
 * Each check prints "ok N - description" or "not ok N - description";
 * tap_done() prints the plan "1..N" last (TAP allows a trailing plan, so
 * tests need not be counted by hand) and returns the exit status: 0 when
 * every check passed, 1 otherwise.  Diagnostics go to stdout prefixed by
 * "# " as TAP requires.
 *
 * IDENTIFICATION
 *	  sysdesign/test/unit/tap.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SYSDESIGN_TAP_H
#define SYSDESIGN_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int	tap_count = 0;
static int	tap_failed = 0;

static bool tap_ok(bool cond, const char *fmt,...)
			__attribute__((format(printf, 2, 3), unused));
static void tap_diag(const char *fmt,...)
			__attribute__((format(printf, 1, 2), unused));

/* record one check; returns cond so that callers can add diagnostics */
static bool
tap_ok(bool cond, const char *fmt,...)
{
	va_list		ap;

	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

static void
tap_diag(const char *fmt,...)
{
	va_list		ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* print the plan and return the process exit status */
static int __attribute__((unused))
tap_done(void)
{
	printf("1..%d\n", tap_count);
	if (tap_failed > 0)
		tap_diag("failed %d of %d checks", tap_failed, tap_count);
	return tap_failed > 0 ? 1 : 0;
}

#endif							/* SYSDESIGN_TAP_H */
