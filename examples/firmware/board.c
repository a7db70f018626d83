/* SPDX-License-Identifier: MIT */
/*
 * board.c - the MPS2 AN386 board support of the firmware example: ARM semihosting (console,
 * host clock, host /dev/urandom, exit) and the CMSDK APB UART0 (polled, no interrupts), whose
 * bytes qemu carries to a TCP socket (-serial tcp:HOST:PORT). Register layout: ARM CMSDK APB
 * UART (DATA, STATE, CTRL, INTSTATUS, BAUDDIV); semihosting numbers: ARM "Semihosting for
 * AArch32 and AArch64" (SYS_OPEN 0x01 ... SYS_EXIT 0x18).
 */
#include "board.h"

#include <string.h>

/* ---------------------------------------------------------------- semihosting */

enum {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITE0 = 0x04,
    SYS_READ = 0x06,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_EXIT = 0x18
};

/* The exit reasons of SYS_EXIT: a normal end, and a run-time error (any other value). */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define ADP_STOPPED_RUNTIME_ERROR 0x20023u

static int semihost(int op, const void *arg)
{
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;

    /* On M-profile cores the semihosting trap is BKPT 0xAB. */
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_puts(const char *s)
{
    semihost(SYS_WRITE0, s);
}

void board_exit(int status)
{
    semihost(SYS_EXIT, (const void *)(uintptr_t)(status == 0 ? ADP_STOPPED_APPLICATION_EXIT
                                                               : ADP_STOPPED_RUNTIME_ERROR));
    for (;;) {
    }
}

int64_t board_time(void)
{
    int t = semihost(SYS_TIME, NULL);

    return t <= 0 ? -1 : (int64_t)(uint32_t)t;
}

int board_entropy(uint8_t *buf, size_t len)
{
    static const char path[] = "/dev/urandom";
    uint32_t open_args[3] = {(uint32_t)(uintptr_t)path, 0 /* "r" */, sizeof(path) - 1};
    uint32_t rw_args[3];
    int fd = semihost(SYS_OPEN, open_args);
    int left;

    if (fd < 0) {
        return -1;
    }
    rw_args[0] = (uint32_t)fd;
    rw_args[1] = (uint32_t)(uintptr_t)buf;
    rw_args[2] = (uint32_t)len;
    /* SYS_READ returns the number of bytes NOT read. */
    left = semihost(SYS_READ, rw_args);
    semihost(SYS_CLOSE, &rw_args[0]);
    return left == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- UART0 */

#define UART0_BASE 0x40004000u
#define UART_DATA (*(volatile uint32_t *)(UART0_BASE + 0x00u))
#define UART_STATE (*(volatile uint32_t *)(UART0_BASE + 0x04u))
#define UART_CTRL (*(volatile uint32_t *)(UART0_BASE + 0x08u))
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0_BASE + 0x10u))

#define STATE_TX_FULL 0x1u
#define STATE_RX_FULL 0x2u
#define CTRL_TX_EN 0x1u
#define CTRL_RX_EN 0x2u

void board_uart_init(void)
{
    /* 25 MHz / 115200; the emulator ignores the rate but refuses divisors below 16. */
    UART_BAUDDIV = 217u;
    UART_CTRL = CTRL_TX_EN | CTRL_RX_EN;
}

void board_uart_write(const uint8_t *buf, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        while (UART_STATE & STATE_TX_FULL) {
        }
        UART_DATA = buf[i];
    }
}

size_t board_uart_read(uint8_t *buf, size_t cap, uint32_t timeout_ms)
{
    size_t n = 0;
    int start = semihost(SYS_CLOCK, NULL); /* centiseconds since start-up */
    uint32_t spins = 0;

    while (n == 0) {
        if (UART_STATE & STATE_RX_FULL) {
            buf[n++] = (uint8_t)UART_DATA;
            break;
        }
        /* Look at the clock only now and then: each semihosting call traps to the host. */
        if (++spins % 4096u == 0 &&
            (uint32_t)(semihost(SYS_CLOCK, NULL) - start) * 10u > timeout_ms) {
            return 0;
        }
    }
    /* The emulated UART holds one byte: wait briefly for the next before handing back. */
    while (n < cap) {
        uint32_t wait = 0;
        while (!(UART_STATE & STATE_RX_FULL) && wait < 2000u) {
            wait++;
        }
        if (!(UART_STATE & STATE_RX_FULL)) {
            break;
        }
        buf[n++] = (uint8_t)UART_DATA;
    }
    return n;
}

/* ---------------------------------------------------------------- stack use */

extern uint32_t __stack_limit[]; /* from the linker script */
extern uint32_t __stack_top[];

#define STACK_PAINT 0x5a5a5a5au

size_t board_stack_used(void)
{
    const uint32_t *p = __stack_limit;

    while (p < __stack_top && *p == STACK_PAINT) {
        p++;
    }
    return (size_t)((const uint8_t *)__stack_top - (const uint8_t *)p);
}
