;; poi: applies Proof-of-Inference verdicts.
;;
;; The system principal submits one verdict per inference block once the consensus has checked the
;; verifiers' quorum certificate. An accepted block pays its producer the block reward (3.5 FAI,
;; halving every 2,100,000 ledger blocks, from the system principal's issuance reserve) and each
;; valid record's gas to its executor (from the requester's prepaid fee account held here); an
;; invalid record pays nothing (the executor forfeits the gas, the requester keeps it) and slashes
;; the executor's bond. A rejected block forfeits the reward and slashes the producer's bond. Every
;; amount is printed as an event next to the VM's own transfer and burn events.

(define-constant SYSTEM tx-sender)

(define-constant INITIAL-REWARD u350000000)
(define-constant HALVING-INTERVAL u2100000)
(define-constant FEE-WITHDRAWAL-DELAY u6)

(define-constant ERR-NOT-SYSTEM (err u300))
(define-constant ERR-DUPLICATE-BLOCK (err u301))
(define-constant ERR-HEIGHT-DECIDED (err u302))
(define-constant ERR-UNKNOWN-LEDGER-HEIGHT (err u303))
(define-constant ERR-RECORDS-IN-REJECTED-BLOCK (err u304))
(define-constant ERR-RESERVE-EXHAUSTED (err u305))
(define-constant ERR-BAD-AMOUNT (err u306))
(define-constant ERR-INSUFFICIENT-FUNDS (err u307))
(define-constant ERR-INSUFFICIENT-FEES (err u308))
(define-constant ERR-NOTHING-TO-WITHDRAW (err u309))
(define-constant ERR-STILL-LOCKED (err u310))

(define-map verdicts (buff 32)
  {ledger-height: uint, producer: principal, accepted: bool, reward: uint, gas-paid: uint, slashed: uint})
;; One verdict per ledger height: the producer elected at a height is rewarded at most once.
(define-map decided-heights uint (buff 32))
(define-map fee-accounts principal {available: uint, pending: uint, release-height: uint})

(define-read-only (get-ledger-height)
  (contract-call? .ledger-light-client get-ledger-height))

;; Bitcoin's GetBlockSubsidy shape: one integer right shift per halving, zero after 64 of them.
(define-read-only (get-block-reward (ledger-height uint))
  (let ((halvings (/ ledger-height HALVING-INTERVAL)))
    (if (>= halvings u64) u0 (bit-shift-right INITIAL-REWARD halvings))))

(define-read-only (get-verdict (block-id (buff 32)))
  (map-get? verdicts block-id))

(define-read-only (get-decided-block (ledger-height uint))
  (map-get? decided-heights ledger-height))

(define-read-only (get-fee-account (who principal))
  (default-to {available: u0, pending: u0, release-height: u0} (map-get? fee-accounts who)))

;; ---------------------------------------------------------------------------------------------
;; Fee accounts (requesters prepay gas)

(define-public (deposit-fees (amount uint))
  (let (
      (who tx-sender)
      (cur (get-fee-account who))
    )
    (asserts! (> amount u0) ERR-BAD-AMOUNT)
    (unwrap! (stx-transfer? amount who current-contract) ERR-INSUFFICIENT-FUNDS)
    (map-set fee-accounts who (merge cur {available: (+ (get available cur) amount)}))
    (print {event: "fees-deposited", requester: who, amount: amount})
    (ok (+ (get available cur) amount))))

;; Moves `amount` to pending; gas can still be charged from it until it is withdrawn, so a requester
;; cannot empty its account between a request and its verdict.
(define-public (request-fee-withdrawal (amount uint))
  (let (
      (who tx-sender)
      (cur (get-fee-account who))
      (release (+ (get-ledger-height) FEE-WITHDRAWAL-DELAY))
    )
    (asserts! (> amount u0) ERR-BAD-AMOUNT)
    (asserts! (<= amount (get available cur)) ERR-INSUFFICIENT-FEES)
    (map-set fee-accounts who
      {available: (- (get available cur) amount), pending: (+ (get pending cur) amount), release-height: release})
    (print {event: "fee-withdrawal-requested", requester: who, amount: amount, release-height: release})
    (ok release)))

(define-public (withdraw-fees)
  (let (
      (who tx-sender)
      (cur (get-fee-account who))
      (amount (get pending cur))
    )
    (asserts! (> amount u0) ERR-NOTHING-TO-WITHDRAW)
    (asserts! (>= (get-ledger-height) (get release-height cur)) ERR-STILL-LOCKED)
    (map-set fee-accounts who (merge cur {pending: u0}))
    (try! (as-contract? ((with-stx amount)) (try! (stx-transfer? amount tx-sender who))))
    (print {event: "fees-withdrawn", requester: who, amount: amount})
    (ok amount)))

;; ---------------------------------------------------------------------------------------------
;; Verdicts

;; Charges up to `gas` to the requester (available first, then pending) and pays it to the executor.
(define-private (pay-gas (requester principal) (executor principal) (gas uint))
  (let (
      (cur (get-fee-account requester))
      (from-available (if (<= gas (get available cur)) gas (get available cur)))
      (rest (- gas from-available))
      (from-pending (if (<= rest (get pending cur)) rest (get pending cur)))
      (paid (+ from-available from-pending))
    )
    (map-set fee-accounts requester
      (merge cur {available: (- (get available cur) from-available), pending: (- (get pending cur) from-pending)}))
    (if (> paid u0)
      (try! (as-contract? ((with-stx paid)) (try! (stx-transfer? paid tx-sender executor))))
      true)
    (print {event: "gas-paid", executor: executor, requester: requester, amount: paid, shortfall: (- gas paid)})
    (ok paid)))

(define-private (apply-record
    (record {executor: principal, requester: principal, gas: uint, valid: bool})
    (acc (response {gas-paid: uint, slashed: uint} uint)))
  (match acc
    totals
    (if (get valid record)
      (let ((paid (try! (pay-gas (get requester record) (get executor record) (get gas record)))))
        (ok (merge totals {gas-paid: (+ (get gas-paid totals) paid)})))
      (let ((slashed (try! (contract-call? .staking slash (get executor record)))))
        (print {event: "gas-forfeited", executor: (get executor record), requester: (get requester record),
                amount: (get gas record), slashed: slashed})
        (ok (merge totals {slashed: (+ (get slashed totals) slashed)}))))
    err-code
    (err err-code)))

;; `block-id` names the inference block, `ledger-height` the ledger block its producer was elected
;; for (at most the light client's tip). Records are empty for a rejected block.
(define-public (apply-verdict
    (block-id (buff 32))
    (ledger-height uint)
    (producer principal)
    (accepted bool)
    (records (list 50 {executor: principal, requester: principal, gas: uint, valid: bool})))
  (begin
    (asserts! (is-eq contract-caller SYSTEM) ERR-NOT-SYSTEM)
    (asserts! (is-none (map-get? verdicts block-id)) ERR-DUPLICATE-BLOCK)
    (asserts! (is-none (map-get? decided-heights ledger-height)) ERR-HEIGHT-DECIDED)
    (asserts! (<= ledger-height (get-ledger-height)) ERR-UNKNOWN-LEDGER-HEIGHT)
    (asserts! (or accepted (is-eq (len records) u0)) ERR-RECORDS-IN-REJECTED-BLOCK)
    (map-set decided-heights ledger-height block-id)
    (if accepted
      (let (
          (reward (get-block-reward ledger-height))
          (totals (try! (fold apply-record records (ok {gas-paid: u0, slashed: u0}))))
        )
        (if (> reward u0) (unwrap! (stx-transfer? reward tx-sender producer) ERR-RESERVE-EXHAUSTED) true)
        (print {event: "block-reward", block-id: block-id, producer: producer, ledger-height: ledger-height,
                amount: reward})
        (map-set verdicts block-id
          {ledger-height: ledger-height, producer: producer, accepted: true, reward: reward,
           gas-paid: (get gas-paid totals), slashed: (get slashed totals)})
        (ok {reward: reward, gas-paid: (get gas-paid totals), slashed: (get slashed totals)}))
      (let ((slashed (try! (contract-call? .staking slash producer))))
        (print {event: "block-rejected", block-id: block-id, producer: producer, ledger-height: ledger-height,
                forfeited: (get-block-reward ledger-height), slashed: slashed})
        (map-set verdicts block-id
          {ledger-height: ledger-height, producer: producer, accepted: false, reward: u0, gas-paid: u0,
           slashed: slashed})
        (ok {reward: u0, gas-paid: u0, slashed: slashed})))))
