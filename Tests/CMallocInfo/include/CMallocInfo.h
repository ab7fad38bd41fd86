// What glibc's malloc holds, for tests that check memory the program should have let go of:
// mallinfo2 returns its struct by value, which Swift cannot call directly.
#pragma once
#include <stddef.h>

/// Bytes malloc has handed out and not had back: in use in every arena plus mmapped blocks
/// (mallinfo2's uordblks + hblkhd), or 0 where glibc's mallinfo2 is missing.
size_t placard_malloc_bytes_in_use(void);
