/*-------------------------------------------------------------------------
 *
 * fdset_test.c
 *	  Unit tests of the functional-dependency core, in TAP.
 *
 * Each test builds a relation from column names and dependencies written
 * in the text form the SQL face accepts, so that the parser is exercised
 * on the way, and compares what the core computes with the textbook
 * answer spelled out as a string.  Besides the lessons' examples there
 * are the cases that trip naive checkers: 3NF but not BCNF, overlapping
 * and many candidate keys, cycles, non-minimal left sides, no
 * dependency at all, wide relations, caps, interrupts and allocation
 * failures at every point.
 *
 * IDENTIFICATION
 *	  sysdesign/test/unit/fdset_test.c
 *
 *-------------------------------------------------------------------------
 */
#include "fdset.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static FdsetEnv env;

#define MAX_NAMES	FDSET_MAX_ATTRS

/* a relation under test: column names and declared dependencies */
typedef struct Rel
{
	int			n;
	char	   *names[MAX_NAMES];
	FdsetDeps  *deps;
} Rel;

static char outbuf[1 << 16];

/*
 * rel_make
 *
 * A relation whose columns are the space-separated words of cols and
 * whose dependencies are spec, ';'-separated, each in the parser's form.
 * Returns false (with a diagnostic) if anything fails to parse or map.
 */
static bool
rel_make(Rel *rel, const char *cols, const char *spec)
{
	char	   *copy = strdup(cols);
	char	   *save = NULL;
	const char *p;

	memset(rel, 0, sizeof(*rel));
	for (char *tok = strtok_r(copy, " ", &save); tok != NULL;
		 tok = strtok_r(NULL, " ", &save))
		rel->names[rel->n++] = strdup(tok);
	free(copy);
	if (fdset_deps_create(&env, rel->n, &rel->deps) != FDSET_OK)
		return false;

	for (p = spec; p != NULL && *p != '\0';)
	{
		const char *end = strchr(p, ';');
		size_t		len = end ? (size_t) (end - p) : strlen(p);
		FdsetParsed *fd;
		int			lhs[MAX_NAMES];
		int			rhs[MAX_NAMES];

		if (fdset_parse(&env, p, len, &fd) != FDSET_OK)
		{
			tap_diag("cannot parse \"%.*s\": %s", (int) len, p, env.errmsg);
			return false;
		}
		for (int side = 0; side < 2; side++)
		{
			int			cnt = side == 0 ? fd->nlhs : fd->nrhs;
			char	  **nm = side == 0 ? fd->lhs : fd->rhs;
			int		   *out = side == 0 ? lhs : rhs;

			for (int i = 0; i < cnt; i++)
			{
				out[i] = -1;
				for (int a = 0; a < rel->n; a++)
					if (strcmp(rel->names[a], nm[i]) == 0)
						out[i] = a;
				if (out[i] < 0)
				{
					tap_diag("unknown column \"%s\"", nm[i]);
					fdset_parsed_free(&env, fd);
					return false;
				}
			}
		}
		if (fdset_deps_add_attnums(&env, rel->deps, lhs, fd->nlhs, rhs,
								   fd->nrhs) != FDSET_OK)
			return false;
		fdset_parsed_free(&env, fd);
		p = end ? end + 1 : NULL;
	}
	return true;
}

static void
rel_free(Rel *rel)
{
	for (int i = 0; i < rel->n; i++)
		free(rel->names[i]);
	fdset_deps_free(&env, rel->deps);
}

/* append "a,b" (attribute names of s, ascending) to buf */
static void
cat_set(char *buf, const Rel *rel, const FdsetWord *s)
{
	int			nw = FDSET_WORDS(rel->n);
	bool		first = true;

	for (int a = fdset_attrs_next(s, nw, -1); a >= 0;
		 a = fdset_attrs_next(s, nw, a))
	{
		if (!first)
			strcat(buf, ",");
		strcat(buf, rel->names[a]);
		first = false;
	}
}

/* "{a,b} {c}" */
static const char *
fmt_sets(const Rel *rel, const FdsetSets *sets)
{
	outbuf[0] = '\0';
	for (int i = 0; i < sets->nsets; i++)
	{
		if (i > 0)
			strcat(outbuf, " ");
		strcat(outbuf, "{");
		cat_set(outbuf, rel, fdset_set(sets, i));
		strcat(outbuf, "}");
	}
	return outbuf;
}

/* "a->b; c,d->e" */
static const char *
fmt_deps(const Rel *rel, const FdsetDeps *deps)
{
	outbuf[0] = '\0';
	for (int i = 0; i < deps->nfds; i++)
	{
		if (i > 0)
			strcat(outbuf, "; ");
		cat_set(outbuf, rel, fdset_lhs(deps, i));
		strcat(outbuf, "->");
		cat_set(outbuf, rel, fdset_rhs(deps, i));
	}
	return outbuf;
}

/* "partial a->b [key k1,k2]; transitive ..." */
static const char *
fmt_violations(const Rel *rel, const FdsetAnalysis *an)
{
	static const char *kinds[] = {"", "partial", "transitive", "bcnf"};

	outbuf[0] = '\0';
	for (int i = 0; i < an->nviolations; i++)
	{
		const FdsetViolation *v = &an->violations[i];

		if (i > 0)
			strcat(outbuf, "; ");
		strcat(outbuf, kinds[v->kind]);
		strcat(outbuf, " ");
		cat_set(outbuf, rel, v->lhs);
		strcat(outbuf, "->");
		cat_set(outbuf, rel, v->rhs);
		if (v->key >= 0)
		{
			strcat(outbuf, " [key ");
			cat_set(outbuf, rel, fdset_set(an->keys, v->key));
			strcat(outbuf, "]");
		}
		if (v->kind == FDSET_BCNF && v->rhs_prime)
			strcat(outbuf, " [prime]");
	}
	return outbuf;
}

static bool
str_is(const char *got, const char *want, const char *what)
{
	bool		ok = strcmp(got, want) == 0;

	if (!tap_ok(ok, "%s", what))
	{
		tap_diag("  got:  %s", got);
		tap_diag("  want: %s", want);
	}
	return ok;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/*
 * check_relation
 *
 * Analyse rel and compare keys, cover, findings and normal form with the
 * expected strings (NULL skips a comparison).
 */
static void
check_relation(const char *label, const char *cols, const char *spec,
			   const char *keys, const char *cover, const char *findings,
			   const char *nf)
{
	Rel			rel;
	FdsetAnalysis *an = NULL;
	FdsetStatus st;
	char		what[256];

	if (!tap_ok(rel_make(&rel, cols, spec), "%s: builds", label))
		return;
	st = fdset_analyze(&env, rel.deps, &an);
	if (tap_ok(st == FDSET_OK, "%s: analyses", label))
	{
		if (keys)
		{
			snprintf(what, sizeof(what), "%s: candidate keys", label);
			str_is(fmt_sets(&rel, an->keys), keys, what);
		}
		if (cover)
		{
			snprintf(what, sizeof(what), "%s: canonical cover", label);
			str_is(fmt_deps(&rel, an->cover), cover, what);
		}
		if (findings)
		{
			snprintf(what, sizeof(what), "%s: findings", label);
			str_is(fmt_violations(&rel, an), findings, what);
		}
		if (nf)
		{
			snprintf(what, sizeof(what), "%s: highest normal form", label);
			str_is(fdset_normal_form_name(an->highest), nf, what);
		}
	}
	fdset_analysis_free(&env, an);
	rel_free(&rel);
}

/* "{a,b} key {a}; {c,d} key {c} | lost a->d" */
static const char *
fmt_decomposition(const Rel *rel, const FdsetDecomposition *dec)
{
	static char buf[1 << 14];

	buf[0] = '\0';
	for (int i = 0; i < dec->rels->nsets; i++)
	{
		if (i > 0)
			strcat(buf, "; ");
		strcat(buf, "{");
		cat_set(buf, rel, fdset_set(dec->rels, i));
		strcat(buf, "} key {");
		cat_set(buf, rel, fdset_set(dec->keys, i));
		strcat(buf, "}");
	}
	if (dec->lost->nfds > 0)
	{
		strcat(buf, " | lost ");
		strcat(buf, fmt_deps(rel, dec->lost));
	}
	return buf;
}

static void
check_decomposition(const char *label, const char *cols, const char *spec,
					const char *want3nf, const char *wantbcnf)
{
	Rel			rel;
	FdsetDecomposition *dec = NULL;
	bool		lossless = false;
	char		what[256];

	if (!rel_make(&rel, cols, spec))
	{
		tap_ok(false, "%s: builds", label);
		return;
	}
	for (int pass = 0; pass < 2; pass++)
	{
		const char *form = pass == 0 ? "3NF" : "BCNF";
		FdsetStatus st = pass == 0 ?
			fdset_synthesize_3nf(&env, rel.deps, &dec) :
			fdset_decompose_bcnf(&env, rel.deps, &dec);

		if (!tap_ok(st == FDSET_OK, "%s: %s decomposition runs", label, form))
			continue;
		snprintf(what, sizeof(what), "%s: %s decomposition", label, form);
		str_is(fmt_decomposition(&rel, dec), pass == 0 ? want3nf : wantbcnf,
			   what);
		st = fdset_is_lossless(&env, rel.deps, dec->rels, &lossless);
		tap_ok(st == FDSET_OK && lossless, "%s: %s decomposition is lossless",
			   label, form);
		fdset_decomposition_free(&env, dec);
		dec = NULL;
	}
	rel_free(&rel);
}

/* ---------------------------------------------------------------------
 * Attribute sets
 * ---------------------------------------------------------------------
 */
static void
test_attrs(void)
{
	FdsetWord	a[25],
				b[25],
				c[25];
	int			nw = FDSET_WORDS(1600);
	int			n;
	int			prev;
	bool		ok;

	tap_ok(FDSET_WORDS(0) == 0 && FDSET_WORDS(1) == 1 &&
		   FDSET_WORDS(64) == 1 && FDSET_WORDS(65) == 2 &&
		   FDSET_WORDS(1600) == 25, "set width in words");

	fdset_attrs_fill(a, 1600);
	tap_ok(fdset_attrs_count(a, nw) == 1600, "fill 1600 attributes");
	fdset_attrs_fill(a, 65);
	tap_ok(fdset_attrs_count(a, 2) == 65 && a[1] == 1,
		   "fill 65 attributes leaves high bits clear");
	fdset_attrs_fill(a, 64);
	tap_ok(a[0] == ~(FdsetWord) 0, "fill exactly one word");

	fdset_attrs_clear(a, nw);
	fdset_attrs_clear(b, nw);
	fdset_attrs_add(a, 0);
	fdset_attrs_add(a, 63);
	fdset_attrs_add(a, 64);
	fdset_attrs_add(a, 1599);
	tap_ok(fdset_attrs_member(a, 63) && fdset_attrs_member(a, 1599) &&
		   !fdset_attrs_member(a, 62), "membership across words");

	n = 0;
	ok = true;
	prev = -1;
	for (int x = fdset_attrs_next(a, nw, -1); x >= 0;
		 x = fdset_attrs_next(a, nw, x))
	{
		ok = ok && x > prev;
		prev = x;
		n++;
	}
	tap_ok(ok && n == 4 && prev == 1599, "iteration visits members in order");
	tap_ok(fdset_attrs_next(a, nw, 1599) == -1, "iteration ends");

	fdset_attrs_add(b, 64);
	tap_ok(fdset_attrs_subset(b, a, nw) && !fdset_attrs_subset(a, b, nw),
		   "subset");
	fdset_attrs_copy(c, b, nw);
	fdset_attrs_union(c, a, nw);
	tap_ok(fdset_attrs_equal(c, a, nw), "union");
	fdset_attrs_intersect(c, b, nw);
	tap_ok(fdset_attrs_equal(c, b, nw), "intersection");
	fdset_attrs_copy(c, a, nw);
	fdset_attrs_minus(c, b, nw);
	tap_ok(fdset_attrs_count(c, nw) == 3 && !fdset_attrs_overlap(c, b, nw),
		   "difference and overlap");
	fdset_attrs_del(c, 0);
	fdset_attrs_del(c, 63);
	fdset_attrs_del(c, 1599);
	tap_ok(fdset_attrs_is_empty(c, nw), "delete to empty");

	tap_ok(fdset_attrs_hash(a, nw) != fdset_attrs_hash(b, nw),
		   "hash separates sets");
	fdset_attrs_copy(c, a, nw);
	tap_ok(fdset_attrs_hash(a, nw) == fdset_attrs_hash(c, nw),
		   "hash of equal sets is equal");

	/* order: size first, then lexicographic */
	fdset_attrs_clear(a, 1);
	fdset_attrs_clear(b, 1);
	fdset_attrs_add(a, 1);		/* {1} */
	fdset_attrs_add(b, 0);
	fdset_attrs_add(b, 2);		/* {0,2} */
	tap_ok(fdset_attrs_cmp(a, b, 1) < 0, "smaller set sorts first");
	fdset_attrs_clear(a, 1);
	fdset_attrs_add(a, 0);
	fdset_attrs_add(a, 3);		/* {0,3} vs {0,2} */
	tap_ok(fdset_attrs_cmp(b, a, 1) < 0 && fdset_attrs_cmp(a, b, 1) > 0 &&
		   fdset_attrs_cmp(a, a, 1) == 0, "lexicographic among equal sizes");
}

/* ---------------------------------------------------------------------
 * The parser
 * ---------------------------------------------------------------------
 */

/* parse text; on success render as "a|b -> c" else "error@pos: message" */
static const char *
parse_str(const char *text)
{
	FdsetParsed *fd;
	FdsetStatus st = fdset_parse(&env, text, strlen(text), &fd);

	if (st != FDSET_OK)
	{
		snprintf(outbuf, sizeof(outbuf), "error@%d: %s", env.errpos,
				 env.errmsg);
		return outbuf;
	}
	outbuf[0] = '\0';
	for (int i = 0; i < fd->nlhs; i++)
	{
		if (i > 0)
			strcat(outbuf, "|");
		strcat(outbuf, fd->lhs[i]);
	}
	strcat(outbuf, " -> ");
	for (int i = 0; i < fd->nrhs; i++)
	{
		if (i > 0)
			strcat(outbuf, "|");
		strcat(outbuf, fd->rhs[i]);
	}
	if (fd->truncated)
		strcat(outbuf, " (truncated)");
	fdset_parsed_free(&env, fd);
	return outbuf;
}

static void
test_parser(void)
{
	char		longname[200];
	char		want[200];

	str_is(parse_str("course_id -> course_name, instructor_name"),
		   "course_id -> course_name|instructor_name", "parse the lesson's form");
	str_is(parse_str("a,b->c"), "a|b -> c", "parse without spaces");
	str_is(parse_str("  \tA ,\n B  ->  C\r\n"), "a|b -> c",
		   "parse folds case and skips whitespace");
	str_is(parse_str("\"Odd Col\", \"say \"\"hi\"\"\" -> x"),
		   "Odd Col|say \"hi\" -> x", "parse quoted names with escapes");
	str_is(parse_str("\"A\" -> a"), "A -> a", "quoted names keep case");
	str_is(parse_str("a$1, _b -> c"), "a$1|_b -> c",
		   "dollar and underscore in names");
	str_is(parse_str("caf\xc3\xa9 -> na\xc3\xafve"),
		   "caf\xc3\xa9 -> na\xc3\xafve", "non-ASCII names");
	str_is(parse_str("a\xe2\x86\x92" "b"), "a -> b",
		   "the arrow U+2192 ends a name");
	str_is(parse_str("a \xe2\x86\x92 b, c"), "a -> b|c", "the arrow U+2192");
	str_is(parse_str("\xc4 -> b"), "\xc4 -> b",
		   "high-bit bytes are kept by default");
	env.fold_high_bit = true;
	tap_ok(strcmp(parse_str("\xc4\xd6 -> B"), "\xc4\xd6 -> b") == 0 ||
		   strcmp(outbuf, "\xe4\xf6 -> b") == 0,
		   "fold_high_bit folds what tolower() folds");
	env.fold_high_bit = false;
	str_is(parse_str("a -> a, b"), "a -> a|b",
		   "a name on both sides is allowed");

	str_is(parse_str("-> b"),
		   "error@0: The left side of the dependency is empty.",
		   "error: empty left side");
	str_is(parse_str("a ->  "),
		   "error@6: The right side of the dependency is empty.",
		   "error: empty right side");
	str_is(parse_str("a b"), "error@2: Expected \",\" or \"->\" at character 3.",
		   "error: missing arrow");
	str_is(parse_str("a, b"), "error@4: Expected \"->\" at end of input.",
		   "error: missing arrow at end");
	str_is(parse_str("a -> \"b"),
		   "error@5: Unterminated quoted identifier starting at character 6.",
		   "error: unterminated quote");
	str_is(parse_str("\"\" -> b"),
		   "error@0: Zero-length quoted identifier at character 1.",
		   "error: empty quoted name");
	str_is(parse_str("a,,b -> c"),
		   "error@2: Expected a column name at character 3.",
		   "error: empty name between commas");
	str_is(parse_str("a -> b,"),
		   "error@7: Expected a column name at end of input.",
		   "error: trailing comma");
	str_is(parse_str("a -> b c"),
		   "error@7: Unexpected text after the right side at character 8.",
		   "error: trailing garbage");
	str_is(parse_str("a -> b -> c"),
		   "error@7: Unexpected second \"->\" at character 8.",
		   "error: two arrows");
	str_is(parse_str("a, A -> b"),
		   "error@3: Column \"a\" appears more than once on the left side.",
		   "error: duplicate on the left after folding");
	str_is(parse_str("a -> b, \"b\""),
		   "error@8: Column \"b\" appears more than once on the right side.",
		   "error: duplicate on the right");
	str_is(parse_str("1a -> b"),
		   "error@0: Expected a column name at character 1.",
		   "error: a name cannot start with a digit");
	str_is(parse_str("\xc3\xa9\xc3\xa9 x -> b"),
		   "error@5: Expected \",\" or \"->\" at character 4.",
		   "error position counts characters, offset counts bytes");
	str_is(parse_str(""), "error@0: The left side of the dependency is empty.",
		   "error: empty text");
	{
		FdsetParsed *fd;

		tap_ok(fdset_parse(&env, "a\0b -> c", 8, &fd) == FDSET_ERR_SYNTAX &&
			   fd == NULL, "error: zero byte");
	}

	/* truncation to 63 bytes, never inside a UTF-8 character */
	memset(longname, 'x', 70);
	longname[70] = '\0';
	strcat(longname, " -> b");
	memset(want, 'x', 63);
	want[63] = '\0';
	strcat(want, " -> b (truncated)");
	str_is(parse_str(longname), want, "long names are truncated to 63 bytes");
	memset(longname, 'x', 62);
	strcpy(longname + 62, "\xc3\xa9yy -> b");
	memset(want, 'x', 62);
	strcpy(want + 62, " -> b (truncated)");
	str_is(parse_str(longname), want,
		   "truncation does not split a UTF-8 character");
	memset(longname, 'x', 63);
	strcpy(longname + 63, " -> b");
	memset(want, 'x', 63);
	strcpy(want + 63, " -> b");
	str_is(parse_str(longname), want, "63-byte names are kept whole");
	strcpy(longname, "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1\", "
		   "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx2\" -> b");
	tap_ok(strncmp(parse_str(longname), "error@", 6) == 0,
		   "names equal after truncation are duplicates");
}

/* ---------------------------------------------------------------------
 * Textbook relations
 * ---------------------------------------------------------------------
 */
static void
test_textbook(void)
{
	check_relation("enrollments",
				   "student_id course_id course_name instructor_name",
				   "student_id, course_id -> course_name, instructor_name;"
				   "course_id -> course_name, instructor_name",
				   "{student_id,course_id}",
				   "course_id->course_name; course_id->instructor_name",
				   "partial course_id->course_name,instructor_name "
				   "[key student_id,course_id]; "
				   "bcnf course_id->course_name,instructor_name",
				   "1NF");

	check_relation("employees",
				   "employee_id name department_id department_name",
				   "employee_id -> name, department_id;"
				   "department_id -> department_name",
				   "{employee_id}",
				   "employee_id->name; employee_id->department_id; "
				   "department_id->department_name",
				   "transitive department_id->department_name "
				   "[key employee_id]; "
				   "bcnf department_id->department_name",
				   "2NF");

	check_relation("address", "street city zip",
				   "street, city -> zip; zip -> city",
				   "{street,city} {street,zip}",
				   "zip->city; street,city->zip",
				   "bcnf zip->city [prime]",
				   "3NF");

	/* keys AB, BC, BD overlap in B; everything prime; not BCNF */
	check_relation("overlapping keys", "a b c d",
				   "a, b -> c; c -> d; d -> a",
				   "{a,b} {b,c} {b,d}",
				   "c->d; d->a; a,b->c",
				   "bcnf c->d [prime]; bcnf d->a [prime]",
				   "3NF");

	check_relation("overlapping keys in BCNF", "a b c d",
				   "a, b -> c, d; b, c -> a, d",
				   "{a,b} {b,c}", NULL, "", "BCNF");

	check_relation("cycle", "a b c", "a -> b; b -> c; c -> a",
				   "{a} {b} {c}", "a->b; b->c; c->a", "", "BCNF");

	check_relation("multi-attribute right side", "a b c d",
				   "a -> b, c, d", "{a}", "a->b; a->c; a->d", "", "BCNF");

	check_relation("superkey left side, not minimal", "a b c",
				   "a -> b; a, b -> c", "{a}", "a->b; a->c", "", "BCNF");

	check_relation("redundant dependency", "a b c",
				   "a -> b; b -> c; a -> c", "{a}", "a->b; b->c",
				   "transitive b->c [key a]; bcnf b->c", "2NF");

	check_relation("no non-trivial dependency", "a b c",
				   "a, b -> a; c -> c", "{a,b,c}", "", "", "BCNF");

	check_relation("no dependency at all", "x y", "", "{x,y}", "", "",
				   "BCNF");

	/* 2NF on a key other than the primary one */
	check_relation("partial on a second key", "a b c d e",
				   "a -> b, c, d, e; b, c -> a; c -> e",
				   "{a} {b,c}", NULL,
				   "partial c->e [key b,c]; bcnf c->e", "1NF");

	/* partial dependency through a chain: key ab, a -> c -> d */
	check_relation("partial through a chain", "a b c d",
				   "a -> c; c -> d", "{a,b}", NULL,
				   "partial a->c,d [key a,b]; transitive c->d [key a,b]; "
				   "bcnf a->c; bcnf c->d", "1NF");

	/* a constant: the empty left side */
	check_relation("constant column", "a b c", "a -> b", "{a,c}", "a->b",
				   "partial a->b [key a,c]; bcnf a->b", "1NF");
	{
		Rel			rel;
		FdsetAnalysis *an = NULL;
		int			rhs[] = {1};

		rel_make(&rel, "a b", "");
		fdset_deps_add_attnums(&env, rel.deps, NULL, 0, rhs, 1);
		tap_ok(fdset_analyze(&env, rel.deps, &an) == FDSET_OK,
			   "constant: analyses");
		str_is(fmt_sets(&rel, an->keys), "{a}",
			   "an attribute with empty left side is in no key");
		fdset_analysis_free(&env, an);
		rel_free(&rel);
	}
	{
		Rel			rel;
		FdsetAnalysis *an = NULL;

		rel_make(&rel, "", "");
		tap_ok(rel.n == 0 && fdset_analyze(&env, rel.deps, &an) == FDSET_OK &&
			   an->keys->nsets == 1 && an->highest == FDSET_NF_BCNF,
			   "a relation without columns has the empty key and is BCNF");
		fdset_analysis_free(&env, an);
		rel_free(&rel);
	}
}

/* ---------------------------------------------------------------------
 * Closure, implication, cover helpers
 * ---------------------------------------------------------------------
 */
static void
test_closure(void)
{
	Rel			rel;
	FdsetWord	x[1],
				y[1],
				out[1];
	FdsetClosure *cl;
	FdsetDeps  *g;
	FdsetDeps  *other;
	bool		res;

	rel_make(&rel, "a b c d e", "a -> b; b, c -> d; d -> e");
	x[0] = 0;
	fdset_attrs_add(x, 0);
	fdset_closure(&env, rel.deps, x, out);
	tap_ok(out[0] == 0x3, "closure {a} = {a,b}");
	fdset_attrs_add(x, 2);
	fdset_closure(&env, rel.deps, x, out);
	tap_ok(out[0] == 0x1f, "closure {a,c} = all");

	fdset_closure_prepare(&env, rel.deps, &cl);
	y[0] = 0x10;
	tap_ok(fdset_closure_reaches(cl, x, y), "reaches: a,c -> e");
	x[0] = 0x1;
	tap_ok(!fdset_closure_reaches(cl, x, y), "reaches: not a -> e");
	fdset_closure_compute(cl, x, out);
	tap_ok(out[0] == 0x3, "prepared closure agrees");
	fdset_closure_free(&env, cl);

	x[0] = 0x5;
	y[0] = 0x18;
	tap_ok(fdset_implies(&env, rel.deps, x, y, &res) == FDSET_OK && res,
		   "implies a,c -> d,e");
	x[0] = 0x2;
	tap_ok(fdset_implies(&env, rel.deps, x, y, &res) == FDSET_OK && !res,
		   "does not imply b -> d,e");

	fdset_deps_add_attnums(&env, rel.deps, (int[]) {0}, 1, (int[]) {3}, 1);
	fdset_group_by_lhs(&env, rel.deps, &g);
	str_is(fmt_deps(&rel, g), "a->b,d; d->e; b,c->d",
		   "group by left side merges right sides");

	fdset_canonical_cover(&env, rel.deps, &other);
	tap_ok(fdset_equivalent(&env, rel.deps, other, &res) == FDSET_OK && res,
		   "a cover is equivalent to its input");
	fdset_deps_add_attnums(&env, other, (int[]) {4}, 1, (int[]) {0}, 1);
	tap_ok(fdset_equivalent(&env, rel.deps, other, &res) == FDSET_OK && !res,
		   "an extra dependency breaks equivalence");

	x[0] = 0x1f;
	fdset_find_key(&env, rel.deps, x, y);
	outbuf[0] = '\0';
	cat_set(outbuf, &rel, y);
	str_is(outbuf, "a,c", "find_key of the whole relation");
	fdset_deps_free(&env, other);
	fdset_deps_free(&env, g);
	rel_free(&rel);
}

static void
test_find_key(void)
{
	Rel			rel;
	FdsetWord	x[1],
				key[1];
	FdsetSets  *keys;

	rel_make(&rel, "street city zip", "street, city -> zip; zip -> city");
	x[0] = 0x7;
	tap_ok(fdset_candidate_keys_within(&env, rel.deps, x, &keys) == FDSET_OK,
		   "keys within the whole relation");
	str_is(fmt_sets(&rel, keys), "{street,city} {street,zip}",
		   "keys within the whole relation are its keys");
	fdset_sets_free(&env, keys);
	x[0] = 0x6;
	fdset_candidate_keys_within(&env, rel.deps, x, &keys);
	str_is(fmt_sets(&rel, keys), "{zip}", "keys within {city, zip}");
	fdset_sets_free(&env, keys);
	x[0] = 0x3;
	fdset_candidate_keys_within(&env, rel.deps, x, &keys);
	str_is(fmt_sets(&rel, keys), "{street,city}", "keys within {street, city}");
	fdset_sets_free(&env, keys);

	fdset_attrs_fill(x, 3);
	fdset_find_key(&env, rel.deps, x, key);
	outbuf[0] = '\0';
	cat_set(outbuf, &rel, key);
	str_is(outbuf, "street,city", "find_key keeps the first columns");
	x[0] = 0x6;
	fdset_find_key(&env, rel.deps, x, key);
	outbuf[0] = '\0';
	cat_set(outbuf, &rel, key);
	str_is(outbuf, "zip", "find_key of the sub-relation {city, zip}");
	rel_free(&rel);
}

/* ---------------------------------------------------------------------
 * Projection, preservation, chase, decomposition
 * ---------------------------------------------------------------------
 */
static void
test_projection(void)
{
	Rel			rel;
	FdsetDeps  *p = NULL;
	FdsetWord	z[1];

	rel_make(&rel, "a b c d", "a -> b; b -> c; c, d -> a");
	z[0] = 0x5;					/* {a, c} */
	tap_ok(fdset_project(&env, rel.deps, z, &p) == FDSET_OK,
		   "project onto {a,c}");
	str_is(fmt_deps(&rel, p), "a->c", "projection derives a -> c");
	fdset_deps_free(&env, p);

	z[0] = 0xd;					/* {a, c, d} */
	fdset_project(&env, rel.deps, z, &p);
	str_is(fmt_deps(&rel, p), "a->c; c,d->a", "projection onto {a,c,d}");
	fdset_deps_free(&env, p);

	z[0] = 0x2;
	fdset_project(&env, rel.deps, z, &p);
	str_is(fmt_deps(&rel, p), "", "projection onto one attribute is empty");
	fdset_deps_free(&env, p);

	z[0] = 0x6;
	fdset_deps_within(&env, rel.deps, z, &p);
	str_is(fmt_deps(&rel, p), "b->c", "deps_within {b,c}");
	fdset_deps_free(&env, p);
	rel_free(&rel);

	/* a projection whose cover explodes hits the cap */
	{
		char		cols[4096] = "";
		char		spec[8192] = "";
		FdsetWord	onto[1];

		/* ai, bi -> ci and ci -> d: projecting out ci yields 2^k deps */
		for (int i = 0; i < 12; i++)
		{
			char		t[128];

			snprintf(t, sizeof(t), "a%d b%d c%d ", i, i, i);
			strcat(cols, t);
			snprintf(t, sizeof(t), "%sa%d -> c%d; b%d -> c%d", i ? "; " : "",
					 i, i, i, i);
			strcat(spec, t);
		}
		strcat(cols, "d");
		strcat(spec, "; c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11 -> d");
		rel_make(&rel, cols, spec);
		fdset_attrs_clear(onto, 1);
		for (int i = 0; i < 12; i++)
		{
			fdset_attrs_add(onto, 3 * i);
			fdset_attrs_add(onto, 3 * i + 1);
		}
		fdset_attrs_add(onto, 36);
		env.max_projection_fds = 1000;
		tap_ok(fdset_project(&env, rel.deps, onto, &p) ==
			   FDSET_ERR_PROJECTION_LIMIT && p == NULL,
			   "exponential projection stops at the cap");
		tap_diag("%s", env.errmsg);
		env.max_projection_fds = 10000;
		tap_ok(fdset_project(&env, rel.deps, onto, &p) == FDSET_OK &&
			   p->nfds == 4096, "and succeeds under a larger cap (2^12 deps)");
		fdset_deps_free(&env, p);
		env.max_projection_fds = FDSET_DEFAULT_MAX_PROJECTION_FDS;

		rel_free(&rel);
	}

	/* a sub-relation only a projection can settle, with projection capped */
	{
		FdsetDecomposition *dec = NULL;
		bool		lossless = false;

		rel_make(&rel, "a b c d", "a -> b; b, d -> c; c -> d; a -> d");
		env.max_projection_fds = 1;
		tap_ok(fdset_decompose_bcnf(&env, rel.deps, &dec) == FDSET_OK &&
			   dec->fallback,
			   "BCNF decomposition falls back when projection is capped");
		str_is(fmt_decomposition(&rel, dec),
			   "{c,d} key {c}; {a,b} key {a}; {a,c} key {a} | lost b,d->c",
			   "the fallback splits finer than needed");
		tap_ok(fdset_is_lossless(&env, rel.deps, dec->rels, &lossless) ==
			   FDSET_OK && lossless, "and the fallback result is lossless");
		fdset_decomposition_free(&env, dec);
		env.max_projection_fds = FDSET_DEFAULT_MAX_PROJECTION_FDS;
		tap_ok(fdset_decompose_bcnf(&env, rel.deps, &dec) == FDSET_OK &&
			   !dec->fallback, "without the cap it projects instead");
		str_is(fmt_decomposition(&rel, dec),
			   "{c,d} key {c}; {a,b,c} key {a} | lost b,d->c",
			   "projected decomposition");
		fdset_decomposition_free(&env, dec);
		rel_free(&rel);
	}
}

static void
test_chase(void)
{
	Rel			rel;
	FdsetSets  *rels;
	FdsetDeps  *lost;
	bool		ok = false;
	FdsetWord	s[1];

	rel_make(&rel, "a b c", "");
	fdset_sets_create(&env, 3, &rels);
	s[0] = 0x3;
	fdset_sets_add(&env, rels, s);
	s[0] = 0x6;
	fdset_sets_add(&env, rels, s);
	tap_ok(fdset_is_lossless(&env, rel.deps, rels, &ok) == FDSET_OK && !ok,
		   "chase: {a,b} {b,c} is lossy without dependencies");
	fdset_deps_add_attnums(&env, rel.deps, (int[]) {1}, 1, (int[]) {2}, 1);
	tap_ok(fdset_is_lossless(&env, rel.deps, rels, &ok) == FDSET_OK && ok,
		   "chase: lossless once b -> c");
	fdset_not_preserved(&env, rel.deps, rels, &lost);
	tap_ok(lost->nfds == 0, "b -> c is preserved");
	fdset_deps_free(&env, lost);
	fdset_deps_add_attnums(&env, rel.deps, (int[]) {0}, 1, (int[]) {2}, 1);
	fdset_not_preserved(&env, rel.deps, rels, &lost);
	str_is(fmt_deps(&rel, lost), "a->c", "a -> c alone is not preserved");
	fdset_deps_free(&env, lost);
	fdset_deps_add_attnums(&env, rel.deps, (int[]) {0}, 1, (int[]) {1}, 1);
	fdset_not_preserved(&env, rel.deps, rels, &lost);
	tap_ok(lost->nfds == 0, "a -> c is preserved through a -> b -> c");
	fdset_deps_free(&env, lost);
	fdset_sets_free(&env, rels);

	/* three relations where only the chase over all of them succeeds */
	fdset_sets_create(&env, 3, &rels);
	s[0] = 0x1;
	fdset_sets_add(&env, rels, s);
	tap_ok(fdset_is_lossless(&env, rel.deps, rels, &ok) == FDSET_OK && !ok,
		   "chase: a relation missing attributes is lossy");
	fdset_sets_free(&env, rels);
	rel_free(&rel);

	rel_make(&rel, "a b c d e", "a -> c; b -> c; c -> d; d, e -> c; c, e -> a");
	fdset_sets_create(&env, 5, &rels);
	for (int i = 0; i < 5; i++)
	{
		static const FdsetWord r[] = {0x19, 0x3, 0xc, 0x14, 0x12};

		fdset_sets_add(&env, rels, &r[i]);
	}
	tap_ok(fdset_is_lossless(&env, rel.deps, rels, &ok) == FDSET_OK && ok,
		   "chase: Ullman's five-relation example is lossless");
	fdset_sets_free(&env, rels);
	rel_free(&rel);
}

static void
test_decomposition(void)
{
	check_decomposition("enrollments",
						"student_id course_id course_name instructor_name",
						"student_id, course_id -> course_name, instructor_name;"
						"course_id -> course_name, instructor_name",
						"{course_id,course_name,instructor_name} key {course_id}; "
						"{student_id,course_id} key {student_id,course_id}",
						"{course_id,course_name,instructor_name} key {course_id}; "
						"{student_id,course_id} key {student_id,course_id}");
	check_decomposition("employees",
						"employee_id name department_id department_name",
						"employee_id -> name, department_id;"
						"department_id -> department_name",
						"{employee_id,name,department_id} key {employee_id}; "
						"{department_id,department_name} key {department_id}",
						"{department_id,department_name} key {department_id}; "
						"{employee_id,name,department_id} key {employee_id}");
	check_decomposition("address", "street city zip",
						"street, city -> zip; zip -> city",
						"{street,city,zip} key {street,city}",
						"{city,zip} key {zip}; {street,zip} key {street,zip}"
						" | lost street,city->zip");
	check_decomposition("no dependency", "a b", "",
						"{a,b} key {a,b}", "{a,b} key {a,b}");
	check_decomposition("cycle", "a b c", "a -> b; b -> c; c -> a",
						"{a,b,c} key {a}", "{a,b,c} key {a}");
	check_decomposition("equivalent keys", "a b c d e",
						"a -> b; b -> a; a -> c; b -> c; c -> d; e -> e",
						"{a,b,c} key {a}; {c,d} key {c}; {a,e} key {a,e}",
						"{a,e} key {a,e}; {c,d} key {c}; {a,b,c} key {a}");
	check_decomposition("projection needed", "a b c d",
						"a -> b; b -> c; c -> d",
						"{a,b} key {a}; {b,c} key {b}; {c,d} key {c}",
						"{a,b} key {a}; {c,d} key {c}; {b,c} key {b}");
}

/* ---------------------------------------------------------------------
 * Wide relations, many keys, caps
 * ---------------------------------------------------------------------
 */

static bool
make_wide(Rel *rel, int n, const char *pattern)
{
	char	   *cols = malloc((size_t) n * 8 + 1);
	char	   *spec = malloc((size_t) n * 32 + 1);
	bool		ok;

	cols[0] = spec[0] = '\0';
	for (int i = 0; i < n; i++)
	{
		char		t[64];

		snprintf(t, sizeof(t), "a%d ", i);
		strcat(cols, t);
		if (strcmp(pattern, "chain") == 0 && i + 1 < n)
		{
			snprintf(t, sizeof(t), "%sa%d -> a%d", i ? ";" : "", i, i + 1);
			strcat(spec, t);
		}
		if (strcmp(pattern, "pairs") == 0 && i % 2 == 0)
		{
			snprintf(t, sizeof(t), "%sa%d -> a%d; a%d -> a%d", i ? ";" : "",
					 i, i + 1, i + 1, i);
			strcat(spec, t);
		}
	}
	ok = rel_make(rel, cols, spec);
	free(cols);
	free(spec);
	return ok;
}

static void
test_wide(void)
{
	Rel			rel;
	FdsetAnalysis *an = NULL;
	FdsetSets  *keys = NULL;
	FdsetWord	x[25],
				out[25];
	double		t0;
	double		ms;

	make_wide(&rel, 40, "chain");
	tap_ok(fdset_analyze(&env, rel.deps, &an) == FDSET_OK &&
		   an->keys->nsets == 1 && an->highest == FDSET_NF_2 &&
		   an->cover->nfds == 39, "40-attribute chain: key a0, 2NF");
	str_is(fmt_sets(&rel, an->keys), "{a0}", "40-attribute chain key");
	fdset_analysis_free(&env, an);
	rel_free(&rel);

	make_wide(&rel, 1600, "chain");
	fdset_attrs_clear(x, 25);
	fdset_attrs_add(x, 0);
	fdset_closure(&env, rel.deps, x, out);
	tap_ok(fdset_attrs_count(out, 25) == 1600, "1600-attribute chain closure");
	t0 = now_ms();
	tap_ok(fdset_analyze(&env, rel.deps, &an) == FDSET_OK &&
		   an->keys->nsets == 1 &&
		   fdset_attrs_count(fdset_set(an->keys, 0), 25) == 1 &&
		   an->highest == FDSET_NF_2, "1600-attribute chain: one key, 2NF");
	ms = now_ms() - t0;
	tap_diag("1600-attribute chain analysed in %.1f ms", ms);
	fdset_analysis_free(&env, an);
	rel_free(&rel);

	make_wide(&rel, 1600, "none");
	tap_ok(fdset_candidate_keys(&env, rel.deps, &keys) == FDSET_OK &&
		   keys->nsets == 1 &&
		   fdset_attrs_count(fdset_set(keys, 0), 25) == 1600,
		   "1600 attributes without dependencies: the whole row is the key");
	fdset_sets_free(&env, keys);
	rel_free(&rel);

	make_wide(&rel, 20, "pairs");
	t0 = now_ms();
	tap_ok(fdset_candidate_keys(&env, rel.deps, &keys) == FDSET_OK &&
		   keys->nsets == 1024, "10 pairs ai <-> bi: 1024 candidate keys");
	ms = now_ms() - t0;
	/* timings are claims for bench/fdset_bench.c, not for a test */
	tap_diag("1024 keys enumerated in %.2f ms", ms);
	outbuf[0] = '\0';
	cat_set(outbuf, &rel, fdset_set(keys, 0));
	str_is(outbuf, "a0,a2,a4,a6,a8,a10,a12,a14,a16,a18", "first key in order");
	outbuf[0] = '\0';
	cat_set(outbuf, &rel, fdset_set(keys, 1023));
	str_is(outbuf, "a1,a3,a5,a7,a9,a11,a13,a15,a17,a19", "last key in order");
	{
		bool		sorted = true;

		for (int i = 1; i < keys->nsets; i++)
			sorted = sorted && fdset_attrs_cmp(fdset_set(keys, i - 1),
											   fdset_set(keys, i), 1) < 0;
		tap_ok(sorted, "keys are sorted and distinct");
	}
	fdset_sets_free(&env, keys);

	env.max_keys = 100;
	tap_ok(fdset_candidate_keys(&env, rel.deps, &keys) ==
		   FDSET_ERR_KEY_LIMIT && keys == NULL, "the key cap stops enumeration with its own error");
	tap_ok(strcmp(env.errmsg,
				  "The relation has more than 100 candidate keys.") == 0,
		   "the key cap message says how many");
	tap_ok(fdset_analyze(&env, rel.deps, &an) == FDSET_ERR_KEY_LIMIT &&
		   an == NULL, "analysis reports the key cap too");
	env.max_keys = FDSET_DEFAULT_MAX_KEYS;
	rel_free(&rel);
}

/* ---------------------------------------------------------------------
 * Interrupts, allocation failures, bad arguments
 * ---------------------------------------------------------------------
 */

static int	interrupt_countdown;

static bool
stop_after(void *arg)
{
	(void) arg;
	return --interrupt_countdown < 0;
}

static long live_allocs;
static long alloc_budget;

static void *
counting_alloc(size_t size, void *arg)
{
	(void) arg;
	if (alloc_budget-- <= 0)
		return NULL;
	live_allocs++;
	return malloc(size);
}

static void
counting_release(void *ptr, void *arg)
{
	(void) arg;
	live_allocs--;
	free(ptr);
}

/* every operation, run once; returns the first failure status */
static FdsetStatus
run_everything(const FdsetDeps *deps)
{
	FdsetAnalysis *an = NULL;
	FdsetDecomposition *dec = NULL;
	FdsetDeps  *p = NULL;
	FdsetParsed *fd = NULL;
	FdsetWord	z[1] = {0x1e};
	bool		ok;
	FdsetStatus st;

	if ((st = fdset_analyze(&env, deps, &an)) != FDSET_OK)
		return st;
	fdset_analysis_free(&env, an);
	if ((st = fdset_synthesize_3nf(&env, deps, &dec)) != FDSET_OK)
		return st;
	st = fdset_is_lossless(&env, deps, dec->rels, &ok);
	fdset_decomposition_free(&env, dec);
	if (st != FDSET_OK)
		return st;
	if ((st = fdset_decompose_bcnf(&env, deps, &dec)) != FDSET_OK)
		return st;
	fdset_decomposition_free(&env, dec);
	if ((st = fdset_project(&env, deps, z, &p)) != FDSET_OK)
		return st;
	fdset_deps_free(&env, p);
	if ((st = fdset_parse(&env, "a, \"B\" -> c", 11, &fd)) != FDSET_OK)
		return st;
	fdset_parsed_free(&env, fd);
	return FDSET_OK;
}

static void
test_failures(void)
{
	Rel			rel;
	FdsetDeps  *d = NULL;
	FdsetStatus st;
	int			tries;
	bool		clean = true;
	bool		interrupted = false;

	rel_make(&rel, "a b c d e f",
			 "a -> b; b -> c; c, d -> e; e -> d; f -> a");

	/* interrupt at every possible point */
	env.interrupt = stop_after;
	for (tries = 0; tries < 10000; tries++)
	{
		interrupt_countdown = tries;
		st = run_everything(rel.deps);
		if (st == FDSET_OK)
			break;
		interrupted = interrupted || st == FDSET_ERR_INTERRUPTED;
		clean = clean && st == FDSET_ERR_INTERRUPTED;
	}
	env.interrupt = NULL;
	tap_ok(interrupted && clean && st == FDSET_OK,
		   "interrupts stop cleanly at each of %d points", tries);

	/* fail each allocation in turn; nothing may leak or crash */
	env.alloc = counting_alloc;
	env.release = counting_release;
	clean = true;
	for (tries = 0; tries < 100000; tries++)
	{
		alloc_budget = tries;
		live_allocs = 0;
		st = run_everything(rel.deps);
		clean = clean && live_allocs == 0 &&
			(st == FDSET_OK || st == FDSET_ERR_NOMEM);
		if (st == FDSET_OK)
			break;
	}
	tap_ok(clean && st == FDSET_OK,
		   "allocation failure at each of %d points returns cleanly", tries);
	fdset_env_init(&env);

	tap_ok(fdset_deps_create(&env, 1601, &d) == FDSET_ERR_INVALID && d == NULL,
		   "more than 1600 attributes is refused");
	tap_ok(fdset_deps_add_attnums(&env, rel.deps, (int[]) {6}, 1,
								  (int[]) {0}, 1) == FDSET_ERR_INVALID,
		   "an attribute number out of range is refused");
	tap_ok(strcmp(env.errmsg, "Attribute number 6 is outside the relation's 6 attributes.") == 0 &&
		   env.errpos == -1, "with a message and no position");
	{
		FdsetWord	bad[1] = {0x40};
		FdsetWord	out[1];

		tap_ok(fdset_closure(&env, rel.deps, bad, out) == FDSET_ERR_INVALID,
			   "a set with bits beyond the relation is refused");
	}
	tap_ok(strcmp(fdset_status_name(FDSET_ERR_KEY_LIMIT),
				  "candidate key limit exceeded") == 0 &&
		   strcmp(fdset_normal_form_name(FDSET_NF_3), "3NF") == 0,
		   "status and normal form names");
	rel_free(&rel);
}

/* the result must not depend on the order dependencies are listed in */
static void
test_determinism(void)
{
	Rel			r1,
				r2;
	FdsetAnalysis *a1 = NULL,
			   *a2 = NULL;
	char		s1[4096];

	rel_make(&r1, "a b c d e",
			 "a -> b; b -> a; a, c -> d; b, c -> e; d -> c; e -> d");
	rel_make(&r2, "a b c d e",
			 "e -> d; d -> c; b, c -> e; a, c -> d; b -> a; a -> b");
	fdset_analyze(&env, r1.deps, &a1);
	fdset_analyze(&env, r2.deps, &a2);
	snprintf(s1, sizeof(s1), "%s | ", fmt_deps(&r1, a1->cover));
	strcat(s1, fmt_sets(&r1, a1->keys));
	strcat(s1, " | ");
	strcat(s1, fmt_violations(&r1, a1));
	{
		char		s2[4096];

		snprintf(s2, sizeof(s2), "%s | ", fmt_deps(&r2, a2->cover));
		strcat(s2, fmt_sets(&r2, a2->keys));
		strcat(s2, " | ");
		strcat(s2, fmt_violations(&r2, a2));
		str_is(s2, s1, "same result for dependencies listed in another order");
	}
	fdset_analysis_free(&env, a1);
	fdset_analysis_free(&env, a2);
	rel_free(&r1);
	rel_free(&r2);
}

int
main(void)
{
	fdset_env_init(&env);
	test_attrs();
	test_parser();
	test_textbook();
	test_closure();
	test_find_key();
	test_projection();
	test_chase();
	test_decomposition();
	test_wide();
	test_failures();
	test_determinism();
	return tap_done();
}
