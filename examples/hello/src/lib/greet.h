#ifndef GREET_H
#define GREET_H
/* Write "Hello from libgreet, WHO!" to stdout. */
void greet(const char *who);
const char *greet_version(void);
#endif
