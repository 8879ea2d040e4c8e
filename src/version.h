/* version.h - leaklab's version string, set by the Makefile */
#ifndef LEAKLAB_VERSION_H
#define LEAKLAB_VERSION_H
#ifndef LEAKLAB_VERSION
#define LEAKLAB_VERSION "dev"
#endif
#endif
