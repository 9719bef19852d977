"""Faults only a real process can show: refused connections, lost answers, restarts, races."""

from __future__ import annotations

import threading
import time

from storefront.payments.client import NO_ANSWER, HttpProvider
from storefront.payments.provider import Outcome
from storefront.payments.sandbox import DECLINE_CARD, SLOW_CARD, SUCCESS_CARD
from tests.payment_sandbox import (
    CLIENT_TIMEOUT,
    SLOW_SECONDS,
    SandboxProcess,
    charge_request,
    free_port,
)


def client(url: str, retries: int = 2) -> HttpProvider:
    return HttpProvider(url, timeout=CLIENT_TIMEOUT, retries=retries, backoff=0.05)


def test_timeouts_are_explicit_for_connecting_and_reading():
    provider = HttpProvider("http://127.0.0.1:1/", timeout=5, retries=2, backoff=0.25)
    assert provider.timeout == (3.0, 5.0)
    assert provider.base_url == "http://127.0.0.1:1"
    assert HttpProvider("http://x", timeout=1).timeout == (1.0, 1.0)


def test_sandbox_not_running_is_unknown_quickly():
    provider = client(f"http://127.0.0.1:{free_port()}")
    started = time.monotonic()
    result = provider.charge(charge_request(SUCCESS_CARD))
    assert (result.outcome, result.error) == (Outcome.UNKNOWN, NO_ANSWER)
    assert provider.lookup("any-1").outcome is Outcome.UNKNOWN
    assert time.monotonic() - started < 2


def test_lost_answer_without_retries_is_paid_by_a_later_call_with_the_same_key(sandbox):
    request = charge_request(SUCCESS_CARD)
    sandbox.fail_next(1, "stall", seconds=SLOW_SECONDS)
    assert client(sandbox.url, retries=0).charge(request).outcome is Outcome.UNKNOWN
    [charge] = sandbox.charges(request.key)
    later = client(sandbox.url).charge(request)
    assert (later.outcome, later.payment_id) == (Outcome.PAID, charge["payment_id"])
    assert len(sandbox.charges(request.key)) == 1


def test_slow_card_gives_up_after_each_try_times_out(sandbox):
    request = charge_request(SLOW_CARD)
    started = time.monotonic()
    result = client(sandbox.url, retries=1).charge(request)
    elapsed = time.monotonic() - started
    assert result.outcome is Outcome.UNKNOWN
    assert 2 * CLIENT_TIMEOUT <= elapsed < 2 * CLIENT_TIMEOUT + 1
    assert len(sandbox.charges(request.key)) == 1


def test_concurrent_charges_with_one_key_charge_once(sandbox):
    request = charge_request(SUCCESS_CARD)
    provider = client(sandbox.url)
    barrier = threading.Barrier(10)
    results = []

    def charge() -> None:
        barrier.wait()
        results.append(provider.charge(request))

    threads = [threading.Thread(target=charge) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {result.outcome for result in results} == {Outcome.PAID}
    assert len({result.payment_id for result in results}) == 1
    assert len(sandbox.charges(request.key)) == 1
    assert len(sandbox.wait_for_console(results[0].payment_id)) == 1


def test_console_prints_one_exact_line_per_successful_charge(sandbox):
    request = charge_request(SUCCESS_CARD, amount_cents=129900)
    provider = client(sandbox.url)
    payment_id = provider.charge(request).payment_id
    provider.charge(request)  # 409: no second line
    provider.charge(charge_request(DECLINE_CARD))
    expected = f"payment succeeded customer=customer-1 amount=1299.00 payment={payment_id}"
    assert sandbox.wait_for_console(payment_id) == [expected]
    time.sleep(0.2)
    assert sum(payment_id in line for line in sandbox.console()) == 1
    stored = b"".join(path.read_bytes() for path in sandbox.data.parent.glob("sandbox.db*"))
    for number in (SUCCESS_CARD, DECLINE_CARD):
        assert number not in "\n".join(sandbox.console())
        assert number not in sandbox.stderr()
        assert number.encode() not in stored


def test_a_key_keeps_its_result_after_a_restart(tmp_path):
    process = SandboxProcess(tmp_path / "sandbox.db")
    process.start()
    try:
        paid, declined = charge_request(SUCCESS_CARD), charge_request(DECLINE_CARD)
        payment_id = client(process.url).charge(paid).payment_id
        client(process.url).charge(declined)
        process.restart()
        provider = client(process.url)
        found = provider.lookup(paid.key)
        assert (found.outcome, found.payment_id) == (Outcome.PAID, payment_id)
        assert provider.charge(paid).payment_id == payment_id
        assert provider.lookup(declined.key).outcome is Outcome.DECLINED
        assert provider.charge(charge_request(SUCCESS_CARD, key=declined.key)).outcome is (
            Outcome.DECLINED
        )
        assert len(process.charges(paid.key)) == 1
    finally:
        process.stop()
    assert not process.running
