/* SPDX-License-Identifier: MIT */
/*
 * interop_mosquitto.c - mutls as the TLS of an IoT device talking to an MQTT broker that demands
 * a client certificate: Eclipse Mosquitto (OpenSSL inside) on 127.0.0.1, `require_certificate
 * true` and `use_identity_as_username true` (the broker takes the client's name from its
 * verified certificate), TLS 1.2 only, the RSA demo server identity, trusting both demo CAs.
 *  - our client, with the RSA and with the EC identity, speaks MQTT 3.1.1 over the connection
 *    (CONNECT, SUBSCRIBE, PUBLISH to itself, DISCONNECT: OASIS MQTT 3.1.1 §3), and the broker's
 *    log must show it logged in under our certificate's name (u'client');
 *  - a message that `mosquitto_pub` (an OpenSSL client with its own certificate) publishes
 *    reaches our subscribed client;
 *  - the refusals, where both sides must say why: no client certificate (the broker sends
 *    handshake_failure(40)), one from a CA the broker does not trust (unknown_ca(48)), and a
 *    broker whose certificate our client cannot verify (we send unknown_ca(48)).
 * The broker runs from a private temporary directory (its configuration and log there), in the
 * foreground, without persistence, and is stopped and reaped by the group teardown. Skips when
 * mosquitto or mosquitto_pub is not installed (apt-get install mosquitto mosquitto-clients).
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_peer.h"
#include "interop.h"
#include "mutls.h"
#include "peer.h"

#define TOPIC_MAX 64
#define PACKET_MAX 512

typedef struct broker {
    tu_peer peer;
    int port;
    char dir[64];
    char conf[96];
    char log[96];
    size_t mark; /* the log's length when the current test began */
} broker;

static broker mq;
static char missing[256];

/* ------------------------------------------------------------ the broker */

/* Debian puts the broker in /usr/sbin, which a non-login root shell may not have on PATH. */
static const char *mosquitto_path(void)
{
    return tu_have("mosquitto") || access("/usr/sbin/mosquitto", X_OK) != 0 ? "mosquitto"
                                                                            : "/usr/sbin/mosquitto";
}

static int broker_start(void **state)
{
    const char *const progs[] = {mosquitto_path(), "mosquitto_pub", NULL};
    char *argv[] = {(char *)mosquitto_path(), "-c", mq.conf, NULL};
    FILE *f;

    (void)state;
    memset(&mq, 0, sizeof(mq));
    mq.peer.pid = -1;
    (void)tu_peer_requirements(missing, sizeof(missing), progs, "mosquitto mosquitto-clients", 0);
    if (missing[0] != 0) {
        return 0;
    }
    snprintf(mq.dir, sizeof(mq.dir), "/tmp/mutls-mqtt-XXXXXX");
    if (mkdtemp(mq.dir) == NULL) {
        return -1;
    }
    snprintf(mq.conf, sizeof(mq.conf), "%s/mosquitto.conf", mq.dir);
    snprintf(mq.log, sizeof(mq.log), "%s/mosquitto.log", mq.dir);
    mq.port = tu_free_port();
    f = fopen(mq.conf, "w");
    if (mq.port <= 0 || f == NULL) {
        if (f != NULL) {
            fclose(f);
        }
        return -1;
    }
    /* `user root`: run as root (CI), mosquitto would otherwise switch to its own user, which
     * may not reach the checkout's key files; as any other user the line changes nothing. */
    fprintf(f,
            "user root\npersistence false\nlog_dest file %s\nlog_type all\n"
            "per_listener_settings false\nlistener %d 127.0.0.1\n"
            "cafile %s\ncertfile %s\nkeyfile %s\n"
            "require_certificate true\nuse_identity_as_username true\ntls_version tlsv1.2\n",
            mq.log, mq.port, tu_pki("cas.pem"), tu_pki("server.pem"), tu_pki("server.key"));
    if (fclose(f) != 0 || tu_peer_start(&mq.peer, argv, 1) != 0) {
        return -1;
    }
    if (tu_wait_port(&mq.peer, mq.port, TU_PEER_EVENT_MS) != 0) {
        char *out = tu_peer_output(&mq.peer);

        fprintf(stderr, "mosquitto did not start:\n%s\n", out != NULL ? out : "");
        free(out);
        return -1;
    }
    return 0;
}

static int broker_stop(void **state)
{
    (void)state;
    if (mq.peer.pid > 0) {
        tu_peer_stop(&mq.peer);
    }
    if (mq.dir[0] != 0) {
        unlink(mq.conf);
        unlink(mq.log);
        rmdir(mq.dir);
    }
    return 0;
}

/* Each test reads the broker's log from where it began. */
static int test_begin(void **state)
{
    (void)state;
    mq.mark = tu_file_size(mq.log);
    return 0;
}

/* The broker's log since the test began, once it holds @p want (or after TU_PEER_EVENT_MS). */
static char *log_since(const char *want)
{
    for (int waited = 0;; waited += 20) {
        size_t len = 0;
        uint8_t *all = tu_read_file(mq.log, &len);
        char *text = malloc(len > mq.mark ? len - mq.mark + 1 : 1);

        assert_non_null(text);
        text[0] = 0;
        if (all != NULL && len > mq.mark) {
            memcpy(text, all + mq.mark, len - mq.mark);
            text[len - mq.mark] = 0;
        }
        free(all);
        if (strstr(text, want) != NULL || waited >= TU_PEER_EVENT_MS) {
            return text;
        }
        free(text);
        usleep(20 * 1000);
    }
}

static void expect_log(const char *want)
{
    char *text = log_since(want);

    if (strstr(text, want) == NULL) {
        fail_msg("mosquitto did not log \"%s\":\n%s", want, text);
    }
    free(text);
}

/* ------------------------------------------------------------ MQTT 3.1.1, the few packets used */

/* A UTF-8 string field: two length bytes, then the bytes. */
static size_t put_str(uint8_t *p, const char *s)
{
    size_t n = strlen(s);

    p[0] = (uint8_t)(n >> 8);
    p[1] = (uint8_t)n;
    memcpy(p + 2, s, n);
    return n + 2;
}

/* Send one packet: the type byte, the remaining length (one byte: every packet here is
 * shorter than 128), the body. */
static void mqtt_send(mutls_conn *c, uint8_t type, const uint8_t *body, size_t len)
{
    uint8_t pkt[2 + 127];

    assert_true(len < 128);
    pkt[0] = type;
    pkt[1] = (uint8_t)len;
    if (len > 0) {
        memcpy(pkt + 2, body, len);
    }
    assert_int_equal(mutls_write(c, pkt, len + 2), (int)(len + 2));
}

static void read_exact(mutls_conn *c, uint8_t *buf, size_t len)
{
    size_t have = 0;

    while (have < len) {
        int n = mutls_read(c, buf + have, len - have);

        if (n <= 0) {
            fail_msg("reading from the broker: %s", mutls_error_detail(c));
        }
        have += (size_t)n;
    }
}

/* Read one packet: its type byte; its body in @p body (at most PACKET_MAX), *len its length. */
static uint8_t mqtt_recv(mutls_conn *c, uint8_t *body, size_t *len)
{
    uint8_t type;
    uint8_t b;
    size_t n = 0;
    int shift = 0;

    read_exact(c, &type, 1);
    do { /* the remaining length, 7 bits a byte, least significant first (§2.2.3) */
        read_exact(c, &b, 1);
        n |= (size_t)(b & 0x7f) << shift;
        shift += 7;
    } while ((b & 0x80) != 0 && shift < 28);
    assert_true(n <= PACKET_MAX);
    read_exact(c, body, n);
    *len = n;
    return type;
}

/* CONNECT with a clean session and a 30 s keep-alive, no user name: the broker takes it from
 * our certificate. Then the CONNACK must accept (§3.2.2.3, return code 0). */
static void mqtt_connect(mutls_conn *c, const char *client_id)
{
    static const uint8_t head[] = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 30};
    static const uint8_t accepted[] = {0, 0};
    uint8_t body[PACKET_MAX];
    size_t len;

    memcpy(body, head, sizeof(head));
    len = sizeof(head) + put_str(body + sizeof(head), client_id);
    mqtt_send(c, 0x10, body, len);
    assert_int_equal(mqtt_recv(c, body, &len), 0x20);
    assert_int_equal(len, 2);
    assert_memory_equal(body, accepted, 2);
}

/* SUBSCRIBE to @p topic at QoS 0, packet identifier 1; the SUBACK must grant QoS 0. */
static void mqtt_subscribe(mutls_conn *c, const char *topic)
{
    static const uint8_t granted[] = {0, 1, 0};
    uint8_t body[PACKET_MAX] = {0, 1};
    size_t len = 2 + put_str(body + 2, topic);

    body[len++] = 0;
    mqtt_send(c, 0x82, body, len);
    assert_int_equal(mqtt_recv(c, body, &len), 0x90);
    assert_int_equal(len, 3);
    assert_memory_equal(body, granted, 3);
}

/* PUBLISH at QoS 0 (no packet identifier). */
static void mqtt_publish(mutls_conn *c, const char *topic, const char *message)
{
    uint8_t body[PACKET_MAX];
    size_t len = put_str(body, topic);

    memcpy(body + len, message, strlen(message));
    mqtt_send(c, 0x30, body, len + strlen(message));
}

/* The next packet must be a QoS 0 PUBLISH of @p message on @p topic. */
static void mqtt_expect_publish(mutls_conn *c, const char *topic, const char *message)
{
    uint8_t body[PACKET_MAX];
    uint8_t want[PACKET_MAX];
    size_t len;
    size_t want_len = put_str(want, topic);

    memcpy(want + want_len, message, strlen(message));
    want_len += strlen(message);
    assert_int_equal(mqtt_recv(c, body, &len), 0x30);
    assert_int_equal(len, want_len);
    assert_memory_equal(body, want, len);
}

/* ------------------------------------------------------------ connections */

/* Our client connected to the broker, trusting vectors/pki/@p trust, presenting
 * vectors/pki/@p identity (NULL: none). Returns the handshake's result; *conn and *fd are
 * kept open for the caller to use and pass to client_end. */
static int client_start(const char *trust, const char *identity, mutls_config **cfg,
                        mutls_conn **conn, int *fd)
{
    *cfg = tu_client_config_trusting(trust, identity, NULL);
    assert_non_null(*cfg);
    /* Present our certificate even when its CA is not among those the broker names. */
    tu_client_always_present(*cfg);
    *fd = tu_connect(mq.port);
    assert_true(*fd >= 0);
    assert_int_equal(mutls_conn_new(conn, *cfg), 0);
    assert_int_equal(mutls_set_fd(*conn, *fd), 0);
    assert_int_equal(mutls_set_hostname(*conn, "localhost"), 0);
    return mutls_handshake(*conn);
}

static void client_end(mutls_config *cfg, mutls_conn *conn, int fd)
{
    mutls_free(conn);
    close(fd);
    mutls_config_free(cfg);
}

/* MQTT DISCONNECT (§3.14), then close_notify. */
static void mqtt_disconnect(mutls_conn *c)
{
    mqtt_send(c, 0xe0, NULL, 0);
    (void)mutls_close(c);
}

/* ------------------------------------------------------------ the tests */

static void publish_to_self(const char *identity, const char *trust, const char *id)
{
    char topic[TOPIC_MAX];
    char logged[128];
    mutls_config *cfg;
    mutls_conn *conn;
    int fd;

    tu_need_peer(missing);
    snprintf(topic, sizeof(topic), "mutls/%s", id);
    assert_int_equal(client_start(trust, identity, &cfg, &conn, &fd), 0);
    assert_string_equal(mutls_get_version(conn), "TLSv1.2");
    assert_non_null(strstr(mutls_get_suite(conn), "TLS_ECDHE_"));
    assert_non_null(strstr(mutls_peer_subject(conn), "CN=localhost"));
    assert_int_equal(mutls_client_cert_requested(conn), 1);
    assert_int_equal(mutls_client_cert_given(conn), 1);
    mqtt_connect(conn, id);
    mqtt_subscribe(conn, topic);
    mqtt_publish(conn, topic, "hello from mutls");
    mqtt_expect_publish(conn, topic, "hello from mutls");
    mqtt_disconnect(conn);
    client_end(cfg, conn, fd);
    /* Logged in under the name in our verified certificate: CN=client. */
    snprintf(logged, sizeof(logged), "as %s (p2, c1, k30, u'client')", id);
    expect_log(logged);
    snprintf(logged, sizeof(logged), "Received DISCONNECT from %s", id);
    expect_log(logged);
}

static void test_mosquitto_mqtt_rsa_client(void **state)
{
    (void)state;
    publish_to_self("client", "ca.pem", "mutls-rsa");
}

static void test_mosquitto_mqtt_ec_client(void **state)
{
    (void)state;
    publish_to_self("client-ec", "ca.pem", "mutls-ec");
}

/* An OpenSSL client (mosquitto_pub, with the EC identity) publishes; our subscriber gets it. */
static void test_mosquitto_pub_reaches_mutls_subscriber(void **state)
{
    char port_arg[16];
    char *argv[] = {"mosquitto_pub",
                    "-h",
                    "localhost",
                    "-p",
                    port_arg,
                    "--cafile",
                    (char *)tu_pki("ca.pem"),
                    "--cert",
                    (char *)tu_pki("client-ec.pem"),
                    "--key",
                    (char *)tu_pki("client-ec.key"),
                    "--tls-version",
                    "tlsv1.2",
                    "-i",
                    "openssl-pub",
                    "-t",
                    "mutls/commands",
                    "-m",
                    "reboot at noon",
                    NULL};
    mutls_config *cfg;
    mutls_conn *conn;
    tu_peer pub;
    int fd;

    (void)state;
    tu_need_peer(missing);
    snprintf(port_arg, sizeof(port_arg), "%d", mq.port);
    assert_int_equal(client_start("ca.pem", "client", &cfg, &conn, &fd), 0);
    mqtt_connect(conn, "mutls-sub");
    mqtt_subscribe(conn, "mutls/commands");
    assert_int_equal(tu_peer_start(&pub, argv, 1), 0);
    assert_int_equal(tu_peer_wait(&pub, TU_PEER_EVENT_MS), 0);
    mqtt_expect_publish(conn, "mutls/commands", "reboot at noon");
    mqtt_disconnect(conn);
    client_end(cfg, conn, fd);
    expect_log("Sending PUBLISH to mutls-sub (d0, q0, r0, m0, 'mutls/commands'");
}

/* A refused handshake: our result @p want_rc, the alert received or sent, our detail and the
 * broker's log must each say why. */
static void refused(const char *trust, const char *identity, int want_rc, int want_alert_received,
                    int want_alert_sent, const char *want_detail, const char *want_log)
{
    mutls_config *cfg;
    mutls_conn *conn;
    int fd;
    int rc;

    tu_need_peer(missing);
    rc = client_start(trust, identity, &cfg, &conn, &fd);
    if (rc != want_rc || strstr(mutls_error_detail(conn), want_detail) == NULL) {
        fail_msg("handshake: %d (%s), want %d and \"%s\"", rc, mutls_error_detail(conn), want_rc,
                 want_detail);
    }
    assert_int_equal(mutls_alert_received(conn), want_alert_received);
    assert_int_equal(mutls_alert_sent(conn), want_alert_sent);
    client_end(cfg, conn, fd);
    expect_log(want_log);
}

static void test_mosquitto_refuses_client_without_certificate(void **state)
{
    (void)state;
    refused("ca.pem", NULL, MUTLS_ERR_ALERT_RECEIVED, 40, -1,
            "server sent alert handshake_failure(40)", "peer did not return a certificate");
}

static void test_mosquitto_refuses_client_of_another_ca(void **state)
{
    (void)state;
    refused("ca.pem", "client-other", MUTLS_ERR_ALERT_RECEIVED, 48, -1,
            "server rejected our client certificate: alert unknown_ca(48)",
            "certificate verify failed");
}

static void test_mutls_refuses_broker_of_another_ca(void **state)
{
    (void)state;
    refused("other-ca.pem", "client", MUTLS_ERR_X509_UNKNOWN_ISSUER, -1, 48,
            "server certificate at depth 1 (CN=mutls demo CA,O=mutls demo) is a root (issued "
            "under its own name) that is not a trust anchor: sent alert unknown_ca(48)",
            "alert unknown ca");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_mosquitto_mqtt_rsa_client, test_begin),
        cmocka_unit_test_setup(test_mosquitto_mqtt_ec_client, test_begin),
        cmocka_unit_test_setup(test_mosquitto_pub_reaches_mutls_subscriber, test_begin),
        cmocka_unit_test_setup(test_mosquitto_refuses_client_without_certificate, test_begin),
        cmocka_unit_test_setup(test_mosquitto_refuses_client_of_another_ca, test_begin),
        cmocka_unit_test_setup(test_mutls_refuses_broker_of_another_ca, test_begin),
    };

    return cmocka_run_group_tests(tests, broker_start, broker_stop);
}
