# examples/build.mk: the demo (README's first command).
demo:
	@sh .ci/check-deps 2>/dev/null || $(MAKE) deps
	@$(MAKE) -s all
	@sh examples/demo.sh
