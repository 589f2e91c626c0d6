// tests/jumploader/showme-cxx.cc: a C++ program for a Zapp, using
// libstdc++ (iostreams, strings) and exceptions, whose unwinding must find
// this program's unwind tables through dl_iterate_phdr, hence AT_PHDR.
// With --maps it also copies /proc/self/maps to stdout.
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <unistd.h>

static std::string exe()
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	return std::string(buf, n < 0 ? 0 : static_cast<size_t>(n));
}

static void thrower(int depth)
{
	if (depth == 0)
		throw std::runtime_error("thrown through 3 frames");
	thrower(depth - 1);
}

int main(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		std::cout << "argv[" << i << "]=" << argv[i] << "\n";
	std::cout << "exe=" << exe() << "\n";
	if (argc > 1 && std::string(argv[1]) == "--maps") {
		std::ifstream maps("/proc/self/maps");
		std::cout << maps.rdbuf();
	}
	try {
		thrower(3);
	} catch (const std::exception &e) {
		std::cout << "caught=" << e.what() << "\n";
	}
	return 0;
}
