/* ccwrap/argv.c: word splitting and response files. */
#include "argv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int argv_split_words(struct strlist *a, const char *s)
{
	char word[4096];
	while (*s) {
		while (*s && isspace((unsigned char)*s))
			s++;
		size_t len = 0;
		while (s[len] && !isspace((unsigned char)s[len]))
			len++;
		if (!len)
			break;
		if (len >= sizeof word)
			return -1;
		memcpy(word, s, len);
		word[len] = '\0';
		if (strlist_push(a, word) < 0)
			return -1;
		s += len;
	}
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *b = realloc(buf, cap);
			if (!b)
				goto fail;
			buf = b;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

int argv_read_respfile(struct strlist *a, const char *path, int depth)
{
	size_t len, i = 0;
	char *buf = slurp(path, &len);
	char *word;
	if (!buf)
		return -1;
	word = malloc(len + 1);
	if (!word) {
		free(buf);
		return -1;
	}
	while (i < len) {
		while (i < len && isspace((unsigned char)buf[i]))
			i++;
		if (i >= len)
			break;
		size_t w = 0;
		char quote = 0;
		for (; i < len; i++) {
			char c = buf[i];
			if (c == '\\' && i + 1 < len) {
				word[w++] = buf[++i];
			} else if (quote) {
				if (c == quote)
					quote = 0;
				else
					word[w++] = c;
			} else if (c == '\'' || c == '"') {
				quote = c;
			} else if (isspace((unsigned char)c)) {
				break;
			} else {
				word[w++] = c;
			}
		}
		word[w] = '\0';
		if (word[0] == '@' && depth > 0 && argv_read_respfile(a, word + 1, depth - 1) == 0)
			continue;
		if (strlist_push(a, word) < 0)
			break;
	}
	free(word);
	free(buf);
	return 0;
}
