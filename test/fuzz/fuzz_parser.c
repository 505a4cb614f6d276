/*-------------------------------------------------------------------------
 *
 * fuzz_parser.c
 *	  libFuzzer target for fdset_parse().
 *
 * Any input must either parse or fail with FDSET_ERR_SYNTAX and a
 * position inside the text; never crash, leak or read out of bounds
 * (the input buffer is exactly len bytes, not NUL-terminated).  What
 * parses must be well-formed (non-empty sides, names of 1 to 63 bytes
 * without NUL, no name twice on a side), and must survive a round trip:
 * quoting every name and parsing again gives the same names.
 *
 * IDENTIFICATION
 *	  sysdesign/test/fuzz/fuzz_parser.c
 *
 *-------------------------------------------------------------------------
 */
#include "fdset.h"

#include <stdlib.h>
#include <string.h>

#define require(cond) do { if (!(cond)) abort(); } while (0)

/* write side as "n1", "n2" with "" escapes; returns the new end */
static char *
quote_side(char *p, char **names, int n)
{
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
		{
			*p++ = ',';
			*p++ = ' ';
		}
		*p++ = '"';
		for (const char *c = names[i]; *c; c++)
		{
			if (*c == '"')
				*p++ = '"';
			*p++ = *c;
		}
		*p++ = '"';
	}
	return p;
}

static void
check_side(char **names, int n)
{
	require(n >= 1);
	for (int i = 0; i < n; i++)
	{
		size_t		len = strlen(names[i]);

		require(len >= 1 && len <= FDSET_NAME_MAX);
		for (int j = 0; j < i; j++)
			require(strcmp(names[i], names[j]) != 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FdsetEnv	env;
	FdsetParsed *fd;
	FdsetParsed *again;
	FdsetStatus st;
	char	   *text;
	char	   *buf;
	char	   *p;

	fdset_env_init(&env);

	/* an exact-size copy, so that reading past len is caught */
	text = malloc(size > 0 ? size : 1);
	memcpy(text, data, size);
	st = fdset_parse(&env, text, size, &fd);
	free(text);
	if (st != FDSET_OK)
	{
		require(st == FDSET_ERR_SYNTAX && fd == NULL);
		require(env.errpos >= 0 && (size_t) env.errpos <= size);
		require(env.errmsg[0] != '\0');
		return 0;
	}
	check_side(fd->lhs, fd->nlhs);
	check_side(fd->rhs, fd->nrhs);

	/* round trip through the quoted form */
	buf = malloc((size_t) (fd->nlhs + fd->nrhs) *
				 (2 * FDSET_NAME_MAX + 4) + 8);
	p = quote_side(buf, fd->lhs, fd->nlhs);
	memcpy(p, " -> ", 4);
	p = quote_side(p + 4, fd->rhs, fd->nrhs);
	st = fdset_parse(&env, buf, (size_t) (p - buf), &again);
	require(st == FDSET_OK);
	require(!again->truncated);
	require(again->nlhs == fd->nlhs && again->nrhs == fd->nrhs);
	for (int i = 0; i < fd->nlhs; i++)
		require(strcmp(again->lhs[i], fd->lhs[i]) == 0);
	for (int i = 0; i < fd->nrhs; i++)
		require(strcmp(again->rhs[i], fd->rhs[i]) == 0);
	fdset_parsed_free(&env, again);
	fdset_parsed_free(&env, fd);
	free(buf);
	return 0;
}
