#include "buildconfig.h"

#include <cstdio>
#include <cstring>

int main(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-V") == 0) {
            std::printf("qrsync  version %s  protocol version 32\n", QRSYNC_VERSION_STRING);
            return 0;
        }
    }
    std::fprintf(stderr, "qrsync: the command line is not implemented yet\n");
    return 1;
}
