// hello++: the C++ side, with libstdc++ and libgreet.
extern "C" {
#include "greet.h"
}
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
	std::vector<std::string> words(argv + 1, argv + argc);
	std::string who = words.empty() ? "C++" : words[0];
	greet(who.c_str());
	std::cout << "hello++ says: " << who.size() << " letters" << std::endl;
	return 0;
}
