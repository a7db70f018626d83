/* SPDX-License-Identifier: MIT */
/*
 * startup.c - reset and C run-time start of the firmware example on a Cortex-M4 (ARMv7-M
 * Architecture Reference Manual B1.5: the vector table holds the initial stack pointer and the
 * reset handler): copy .data from flash, clear .bss, paint the stack so that its high-water
 * mark can be measured, run main and stop the emulator with its status. Also the heap for
 * newlib's malloc (_sbrk) and a counting wrapper around malloc/realloc/calloc/free (linked with
 * --wrap) that measures what libtommath and libtomcrypt allocate, which does not go through
 * mutls's replaceable allocator.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(FW_TIME_STUB)
#include <time.h>
#endif

#include "board.h"
#include "heap.h"

int main(void);
void reset_handler(void);
void *_sbrk(ptrdiff_t incr);
void *__real_malloc(size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);

/* Symbols of the linker script (mps2-an386.ld). */
extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __heap_start[], __heap_end[];
extern uint32_t __stack_limit[], __stack_top[];

static void fault_handler(void)
{
    board_puts("firmware: hard fault\n");
    board_exit(2);
}

__attribute__((naked, noreturn)) void reset_handler(void)
{
    /* Paint the stack below the current frame before any C code uses it. */
    __asm__ volatile("ldr r0, =__stack_limit\n"
                     "ldr r1, =0x5a5a5a5a\n"
                     "mov r2, sp\n"
                     "sub r2, r2, #64\n"
                     "1: cmp r0, r2\n"
                     "bhs 2f\n"
                     "str r1, [r0], #4\n"
                     "b 1b\n"
                     "2: b reset_c\n");
}

__attribute__((used, noreturn)) static void reset_c(void)
{
    size_t data_len = (size_t)((uint8_t *)__data_end - (uint8_t *)__data_start);
    size_t bss_len = (size_t)((uint8_t *)__bss_end - (uint8_t *)__bss_start);

    memcpy(__data_start, __data_load, data_len);
    memset(__bss_start, 0, bss_len);
    board_exit(main());
}

/* Cortex-M4 vector table: initial SP, then reset, NMI, HardFault, MemManage, BusFault,
 * UsageFault. Interrupts are not used. */
__attribute__((section(".isr_vector"), used)) static void (*const vectors[])(void) = {
    (void (*)(void))(uintptr_t)__stack_top,
    reset_handler,
    fault_handler,
    fault_handler,
    fault_handler,
    fault_handler,
    fault_handler,
};

/* ------------------------------------------------------------------ heap */

static uint8_t *heap_brk;

void *_sbrk(ptrdiff_t incr)
{
    uint8_t *prev;

    if (heap_brk == NULL) {
        heap_brk = (uint8_t *)__heap_start;
    }
    if (incr > (uint8_t *)__heap_end - heap_brk) {
        return (void *)-1;
    }
    prev = heap_brk;
    heap_brk += incr;
    return prev;
}

/* Every block carries its size in an 8-byte header so that free and realloc can count. */
#define HDR 8u

static heap_stats stats;

static void count_up(size_t n)
{
    stats.live += n;
    if (stats.live > stats.peak) {
        stats.peak = stats.live;
    }
}

void *__wrap_malloc(size_t size)
{
    uint8_t *p = __real_malloc(size + HDR);

    if (p == NULL) {
        return NULL;
    }
    memcpy(p, &size, sizeof(size));
    count_up(size);
    return p + HDR;
}

void *__wrap_calloc(size_t n, size_t size)
{
    void *p;

    if (size != 0 && n > SIZE_MAX / size) {
        return NULL;
    }
    p = __wrap_malloc(n * size);
    if (p != NULL) {
        memset(p, 0, n * size);
    }
    return p;
}

void __wrap_free(void *p)
{
    size_t size;

    if (p == NULL) {
        return;
    }
    memcpy(&size, (uint8_t *)p - HDR, sizeof(size));
    stats.live -= size;
    __real_free((uint8_t *)p - HDR);
}

void *__wrap_realloc(void *p, size_t size)
{
    size_t old;
    uint8_t *q;

    if (p == NULL) {
        return __wrap_malloc(size);
    }
    memcpy(&old, (uint8_t *)p - HDR, sizeof(old));
    q = __real_realloc((uint8_t *)p - HDR, size + HDR);
    if (q == NULL) {
        return NULL;
    }
    memcpy(q, &size, sizeof(size));
    stats.live -= old;
    count_up(size);
    return q + HDR;
}

heap_stats heap_get(void)
{
    return stats;
}

void heap_reset_peak(void)
{
    stats.peak = stats.live;
}

#if defined(FW_TIME_STUB)
/*
 * The C library's time() needs a clock this board does not have. The mutls core should not
 * call it (time comes from the callback); .ci/cross-arm defines FW_TIME_STUB, and says so,
 * only while libmutls.a still refers to time(). It fails loudly rather than guess.
 */
time_t time(time_t *t)
{
    if (t != NULL) {
        *t = (time_t)-1;
    }
    return (time_t)-1;
}
#endif
