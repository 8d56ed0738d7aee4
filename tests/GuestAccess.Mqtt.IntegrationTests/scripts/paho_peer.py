#!/usr/bin/env python3
"""paho-mqtt (Debian python3-paho-mqtt 1.6.1) as an independent MQTT peer for the integration tests.

Prints one JSON object per line on stdout; the C# test reads them.
  sub HOST PORT VERSION CLIENT_ID FILTER COUNT [persistent] [die-on-message]
  will HOST PORT VERSION CLIENT_ID WILL_TOPIC WILL_PAYLOAD
  shared HOST PORT FILTER COUNT
  connect HOST PORT VERSION USER PASSWORD
"""
import json
import os
import sys
import threading

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties


def emit(**fields):
    print(json.dumps(fields), flush=True)


def make_client(client_id, version, persistent=False):
    if version == "5":
        return mqtt.Client(client_id=client_id, protocol=mqtt.MQTTv5)
    return mqtt.Client(client_id=client_id, clean_session=not persistent, protocol=mqtt.MQTTv311)


def connect(client, host, port, version, persistent=False):
    if version == "5":
        props = Properties(PacketTypes.CONNECT)
        if persistent:
            props.SessionExpiryInterval = 300
        client.connect(host, int(port), keepalive=30, clean_start=not persistent, properties=props)
    else:
        client.connect(host, int(port), keepalive=30)


def sub(host, port, version, client_id, topic_filter, count, *flags):
    persistent = "persistent" in flags
    die = "die-on-message" in flags
    client = make_client(client_id, version, persistent)
    received = []
    done = threading.Event()

    def on_connect(c, userdata, connect_flags, rc, properties=None):
        emit(event="connected", rc=int(rc) if not hasattr(rc, "value") else rc.value, session_present=bool(connect_flags.get("session present")))
        c.subscribe(topic_filter, qos=1)

    def on_subscribe(c, userdata, mid, granted, properties=None):
        codes = [g.value if hasattr(g, "value") else g for g in granted]
        emit(event="subscribed", codes=codes)

    def on_message(c, userdata, msg):
        if die:
            emit(event="dying", topic=msg.topic)
            os._exit(9)  # no PUBACK: paho acknowledges only after on_message returns
        received.append(msg)
        emit(event="message", topic=msg.topic, payload=msg.payload.decode(), dup=bool(msg.dup), retain=bool(msg.retain), qos=msg.qos)
        if len(received) >= int(count):
            done.set()

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    connect(client, host, port, version, persistent)
    client.loop_start()
    done.wait(30)
    client.disconnect()
    client.loop_stop()


def will(host, port, version, client_id, will_topic, will_payload):
    client = make_client(client_id, version)
    client.will_set(will_topic, will_payload, qos=1, retain=False)

    def on_connect(c, userdata, connect_flags, rc, properties=None):
        emit(event="connected")

    client.on_connect = on_connect
    connect(client, host, port, version)
    client.loop_forever()


def shared(host, port, topic_filter, count):
    counts = {"a": 0, "b": 0}
    lock = threading.Lock()
    done = threading.Event()
    ready = {"n": 0}
    clients = []
    for name in ("a", "b"):
        client = mqtt.Client(client_id="paho-shared-" + name, protocol=mqtt.MQTTv5)

        def on_connect(c, userdata, flags, rc, properties=None, name=name):
            c.subscribe("$share/paho/" + topic_filter, qos=1)

        def on_subscribe(c, userdata, mid, granted, properties=None):
            with lock:
                ready["n"] += 1
                if ready["n"] == 2:
                    emit(event="ready")

        def on_message(c, userdata, msg, name=name):
            with lock:
                counts[name] += 1
                if counts["a"] + counts["b"] >= int(count):
                    done.set()

        client.on_connect = on_connect
        client.on_subscribe = on_subscribe
        client.on_message = on_message
        client.connect(host, int(port), keepalive=30, clean_start=True)
        client.loop_start()
        clients.append(client)
    done.wait(30)
    emit(event="counts", a=counts["a"], b=counts["b"])
    for client in clients:
        client.disconnect()
        client.loop_stop()


def try_connect(host, port, version, user, password):
    client = make_client("paho-auth", version)
    client.username_pw_set(user, password)
    result = {}
    done = threading.Event()

    def on_connect(c, userdata, flags, rc, properties=None):
        result["rc"] = rc.value if hasattr(rc, "value") else int(rc)
        done.set()

    def on_disconnect(c, userdata, rc, properties=None):
        done.set()

    client.on_connect = on_connect
    client.on_disconnect = on_disconnect
    connect(client, host, port, version)
    client.loop_start()
    done.wait(10)
    client.loop_stop()
    emit(event="connack", rc=result.get("rc"))


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"sub": sub, "will": will, "shared": shared, "connect": try_connect}[mode](*args)
