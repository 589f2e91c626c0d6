/* tests/redirect/usecaller.c: calls caller.c's call_plugin(). */
int call_plugin(void);
int main(void)
{
	return call_plugin();
}
