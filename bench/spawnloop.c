/* bench/spawnloop.c: launch-time harness.
 *
 *   spawnloop [-r ROUNDS] [-n PER_ROUND] [-w WARMUP] [-o SAMPLES] [-t TAG]
 *             LABEL PROGRAM [ARG...] [::: LABEL PROGRAM [ARG...]]...
 *
 * Starts each variant (posix_spawn, then wait4; stdout to /dev/null)
 * WARMUP times, discarding the times, then ROUNDS rounds of PER_ROUND
 * launches of each variant.  Within a round the variants take turns launch
 * by launch, the one going first rotating from turn to turn, so that a
 * slow spell of a shared machine falls on every variant alike and no
 * variant always follows the same other one.
 *
 * Each launch is measured twice: by the wall clock (CLOCK_MONOTONIC, from
 * just before posix_spawn to just after the child is reaped), and by the
 * CPU time the child used, user and system, as wait4 reports it.  On a
 * busy machine the wall clock also counts the time the child waited for a
 * CPU; its CPU time does not.  A launch that does not exit with status 0
 * stops the run: a broken variant is not a fast one.
 *
 * Prints one tab-separated line per variant:
 *   label n median_us p10_us p90_us mean_us min_us max_us
 *   ratio ratio_round_min ratio_round_max
 *   cpu_median_us cpu_p90_us cpu_ratio cpu_ratio_round_min cpu_ratio_round_max
 *   faults_mean
 * where ratio is the variant's median over the first variant's median and
 * ratio_round_* are the extremes of the same ratio taken round by round;
 * the cpu_ fields say the same of CPU time; faults_mean is the page faults
 * (minor and major, from wait4) of a launch, on average.  With -o, appends every kept
 * sample to SAMPLES as "tag label round wall_ns cpu_ns".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* One measure (wall clock or CPU time) of one variant. */
struct series {
	uint64_t *ns;		/* every kept sample, in launch order */
	uint64_t *round_med;	/* the median of each round */
};

struct variant {
	const char *label;
	char **argv;		/* NULL-terminated, inside the argv we got */
	size_t n;
	struct series wall, cpu;
	uint64_t faults;	/* page faults of the kept launches, summed */
};

static void usage(void)
{
	fprintf(stderr,
		"usage: spawnloop [-r ROUNDS] [-n PER_ROUND] [-w WARMUP] [-o SAMPLES] [-t TAG]\n"
		"                 LABEL PROGRAM [ARG...] [::: LABEL PROGRAM [ARG...]]...\n");
	exit(2);
}

static long number(const char *s, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min || v > 1000000)
		usage();
	return v;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		perror("spawnloop");
		exit(1);
	}
	return p;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t tv_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000u + (uint64_t)tv.tv_usec * 1000u;
}

/* One launch: its wall-clock time in *wall, the child's CPU time in *cpu,
 * its page faults in *faults. */
static void launch(const struct variant *v,
		   const posix_spawn_file_actions_t *fa,
		   uint64_t *wall, uint64_t *cpu, uint64_t *faults)
{
	struct rusage ru;
	uint64_t t0, t1;
	pid_t pid;
	int err, status;

	t0 = now_ns();
	err = posix_spawn(&pid, v->argv[0], fa, NULL, v->argv, environ);
	if (err) {
		fprintf(stderr, "spawnloop: %s: %s: %s\n", v->label, v->argv[0],
			strerror(err));
		exit(1);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("spawnloop: wait4");
			exit(1);
		}
	}
	t1 = now_ns();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFSIGNALED(status))
			fprintf(stderr, "spawnloop: %s: %s died of signal %d\n",
				v->label, v->argv[0], WTERMSIG(status));
		else
			fprintf(stderr, "spawnloop: %s: %s exited with status %d\n",
				v->label, v->argv[0], WEXITSTATUS(status));
		exit(1);
	}
	*wall = t1 - t0;
	*cpu = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
	*faults = (uint64_t)ru.ru_minflt + (uint64_t)ru.ru_majflt;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Quantile q of sorted s[0..n), linear between the two nearest ranks. */
static double quantile(const uint64_t *s, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t i = (size_t)pos;
	double f = pos - (double)i;

	if (i + 1 >= n)
		return (double)s[n - 1];
	return (double)s[i] * (1 - f) + (double)s[i + 1] * f;
}

static uint64_t median_of(const uint64_t *src, size_t n, uint64_t *scratch)
{
	memcpy(scratch, src, n * sizeof *src);
	qsort(scratch, n, sizeof *scratch, cmp_u64);
	return (uint64_t)quantile(scratch, n, 0.5);
}

/* The extremes over the rounds of x's round median over base's. */
static void round_ratios(const struct series *x, const struct series *base,
			 long rounds, double *lo, double *hi)
{
	long r;

	for (r = 0; r < rounds; r++) {
		double q = base->round_med[r] ?
			   (double)x->round_med[r] / (double)base->round_med[r] : 0;

		if (r == 0 || q < *lo)
			*lo = q;
		if (r == 0 || q > *hi)
			*hi = q;
	}
}

int main(int argc, char **argv)
{
	long rounds = 20, per_round = 100, warmup = 20;
	const char *samples = NULL, *tag = "-";
	struct variant *v;
	size_t nv = 0, total, i, k;
	posix_spawn_file_actions_t fa;
	uint64_t *scratch, w, c, f;
	double base_wall = 0, base_cpu = 0;
	FILE *out = NULL;
	int devnull, opt;
	long r, j;

	while ((opt = getopt(argc, argv, "+r:n:w:o:t:")) != -1) {
		switch (opt) {
		case 'r': rounds = number(optarg, 1); break;
		case 'n': per_round = number(optarg, 1); break;
		case 'w': warmup = number(optarg, 0); break;
		case 'o': samples = optarg; break;
		case 't': tag = optarg; break;
		default: usage();
		}
	}
	if (optind + 2 > argc)
		usage();

	/* Split the rest at ":::" into variants, in place. */
	v = xcalloc((size_t)argc, sizeof *v);
	for (i = (size_t)optind; i < (size_t)argc;) {
		size_t end = i;

		while (end < (size_t)argc && strcmp(argv[end], ":::") != 0)
			end++;
		if (end - i < 2)
			usage();
		v[nv].label = argv[i];
		v[nv].argv = &argv[i + 1];
		argv[end] = NULL;	/* argv[argc] is NULL already */
		nv++;
		i = end + 1;
	}

	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (devnull < 0 || posix_spawn_file_actions_init(&fa) ||
	    posix_spawn_file_actions_adddup2(&fa, devnull, 1)) {
		perror("spawnloop: /dev/null");
		return 1;
	}
	if (samples && !(out = fopen(samples, "a"))) {
		perror(samples);
		return 1;
	}
	total = (size_t)rounds * (size_t)per_round;
	for (k = 0; k < nv; k++) {
		v[k].wall.ns = xcalloc(total, sizeof(uint64_t));
		v[k].cpu.ns = xcalloc(total, sizeof(uint64_t));
		v[k].wall.round_med = xcalloc((size_t)rounds, sizeof(uint64_t));
		v[k].cpu.round_med = xcalloc((size_t)rounds, sizeof(uint64_t));
	}
	scratch = xcalloc(total, sizeof *scratch);

	for (j = 0; j < warmup; j++)
		for (k = 0; k < nv; k++)
			launch(&v[k], &fa, &w, &c, &f);

	for (r = 0; r < rounds; r++) {
		size_t first = (size_t)r * (size_t)per_round;

		for (j = 0; j < per_round; j++) {
			for (i = 0; i < nv; i++) {
				struct variant *x = &v[((size_t)(r + j) + i) % nv];

				launch(x, &fa, &x->wall.ns[x->n], &x->cpu.ns[x->n], &f);
				x->faults += f;
				x->n++;
			}
		}
		for (k = 0; k < nv; k++) {
			v[k].wall.round_med[r] = median_of(v[k].wall.ns + first,
							   (size_t)per_round, scratch);
			v[k].cpu.round_med[r] = median_of(v[k].cpu.ns + first,
							  (size_t)per_round, scratch);
		}
	}

	if (out) {
		for (k = 0; k < nv; k++)
			for (i = 0; i < v[k].n; i++)
				fprintf(out, "%s\t%s\t%zu\t%llu\t%llu\n", tag,
					v[k].label, i / (size_t)per_round,
					(unsigned long long)v[k].wall.ns[i],
					(unsigned long long)v[k].cpu.ns[i]);
		if (fclose(out)) {
			perror(samples);
			return 1;
		}
	}

	for (k = 0; k < nv; k++) {
		struct variant *x = &v[k];
		double sum = 0, med, cmed, cp90, p10, p90, lo = 0, hi = 0,
		       clo = 0, chi = 0;
		uint64_t mn, mx;

		memcpy(scratch, x->cpu.ns, x->n * sizeof *scratch);
		qsort(scratch, x->n, sizeof *scratch, cmp_u64);
		cmed = quantile(scratch, x->n, 0.5);
		cp90 = quantile(scratch, x->n, 0.9);

		memcpy(scratch, x->wall.ns, x->n * sizeof *scratch);
		qsort(scratch, x->n, sizeof *scratch, cmp_u64);
		for (i = 0; i < x->n; i++)
			sum += (double)scratch[i];
		med = quantile(scratch, x->n, 0.5);
		p10 = quantile(scratch, x->n, 0.1);
		p90 = quantile(scratch, x->n, 0.9);
		mn = scratch[0];
		mx = scratch[x->n - 1];
		if (k == 0) {
			base_wall = med;
			base_cpu = cmed;
		}
		round_ratios(&x->wall, &v[0].wall, rounds, &lo, &hi);
		round_ratios(&x->cpu, &v[0].cpu, rounds, &clo, &chi);
		printf("%s\t%zu\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.4f\t%.4f\t%.4f"
		       "\t%.1f\t%.1f\t%.4f\t%.4f\t%.4f\t%.1f\n",
		       x->label, x->n, med / 1e3, p10 / 1e3, p90 / 1e3,
		       sum / (double)x->n / 1e3, (double)mn / 1e3,
		       (double)mx / 1e3, med / base_wall, lo, hi,
		       cmed / 1e3, cp90 / 1e3,
		       base_cpu > 0 ? cmed / base_cpu : 0, clo, chi,
		       (double)x->faults / (double)x->n);
	}
	for (k = 0; k < nv; k++) {
		free(v[k].wall.ns);
		free(v[k].cpu.ns);
		free(v[k].wall.round_med);
		free(v[k].cpu.round_med);
	}
	free(scratch);
	free(v);
	return 0;
}
