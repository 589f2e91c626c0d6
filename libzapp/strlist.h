/* libzapp/strlist.h: a growable, NULL-terminated list of owned strings
 * (usable directly as an argv). */
#ifndef ZAPP_STRLIST_H
#define ZAPP_STRLIST_H

#include <stddef.h>

struct strlist {
	char **v;	/* NULL-terminated once anything was pushed */
	size_t n, cap;
};

int strlist_push(struct strlist *l, const char *s);	/* copies s; -1: no memory */
int strlist_contains(const struct strlist *l, const char *s);
void strlist_sort(struct strlist *l);			/* by bytes (strcmp), not locale */
/* strlist_contains for a list sorted by strlist_sort: a bisection */
int strlist_sorted_contains(const struct strlist *l, const char *s);
void strlist_free(struct strlist *l);

#endif
