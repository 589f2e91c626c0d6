# zapp-trace/build.mk: zapp-trace, which runs a command under ptrace and
# writes the list of the files it used (zapp-assemble --files-from).
TRACE_SRCS := $(wildcard zapp-trace/*.c)
TRACE_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(TRACE_SRCS))

$(B)/obj/zapp-trace/%.o: ZCFLAGS += -Izapp-trace

$(B)/bin/zapp-trace: $(TRACE_OBJS) $(B)/libzapp.a
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@.tmp $^ -lelf && mv -f $@.tmp $@

all: $(B)/bin/zapp-trace
INSTALL_BIN += zapp-trace
INSTALL_MAN1 += docs/zapp-trace.1
