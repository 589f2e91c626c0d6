/* libzapp/dir_names.c: the names a directory holds, sorted by bytes, for
 * the walks whose output must not depend on readdir's order (the
 * archives of tar.c and single.c, fat_check.c's reports). */
#include "dir_names.h"
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>

int dir_names(const char *path, const char *shown, struct strlist *out)
{
	DIR *d = opendir(path);
	struct dirent *de;
	if (!d)
		return zfail("%s: cannot read: %s", shown, strerror(errno));
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && strlist_push(out, de->d_name) < 0) {
			closedir(d);
			strlist_free(out);
			return zfail("out of memory");
		}
	closedir(d);
	strlist_sort(out);
	return 0;
}
