/* tests/redirect/plugin.c: a plugin for t5200, dlopen'ed by absolute path. */
const char *plugin_name(void)
{
	return PLUGIN_NAME;
}
