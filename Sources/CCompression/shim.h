// The system's LZ4 (frame format) and ZSTD, for Arrow IPC buffer compression (liblz4-dev, libzstd-dev).
#include <lz4frame.h>
#include <zstd.h>
