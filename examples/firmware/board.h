/* SPDX-License-Identifier: MIT */
/*
 * board.h - what the firmware example needs from the board (ARM MPS2 AN386, a Cortex-M4, as
 * emulated by qemu-system-arm -M mps2-an386): the UART that carries the TLS bytes, and the
 * semihosting calls that stand in for a console, a clock and a hardware random generator.
 * Semihosting is a debugger (or emulator) service: a real device replaces board.c with its
 * own UART/modem/Ethernet driver, RTC (or network time) and TRNG.
 */
#ifndef MUTLS_FW_BOARD_H
#define MUTLS_FW_BOARD_H

#include <stddef.h>
#include <stdint.h>

/* Console: write a NUL-terminated string to the host's standard output. */
void board_puts(const char *s);

/* Stop the emulator; status 0 is a success, anything else a failure. Does not return. */
void board_exit(int status) __attribute__((noreturn));

/* Seconds since 1970 (UTC) from the host clock, or -1. */
int64_t board_time(void);

/* Fill @p buf with @p len bytes from the host's /dev/urandom; 0 or -1. */
int board_entropy(uint8_t *buf, size_t len);

/* UART0: enable transmitter and receiver. */
void board_uart_init(void);

/* Send every byte of @p buf (polls while the transmit buffer is full). */
void board_uart_write(const uint8_t *buf, size_t len);

/* Wait for at least one byte, then take as many as are ready, up to @p cap. Returns the
 * count, or 0 when nothing arrived for about @p timeout_ms milliseconds of polling. */
size_t board_uart_read(uint8_t *buf, size_t cap, uint32_t timeout_ms);

/* Lowest stack address reached so far (the stack is painted at reset). */
size_t board_stack_used(void);

#endif
