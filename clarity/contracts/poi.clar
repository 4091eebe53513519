;; poi: applies Proof-of-Inference verdicts, bound to the ledger election they pay for.
;;
;; The system principal submits one verdict per inference block once the consensus has checked the
;; verifiers' quorum certificate. A verdict names the election as the consensus computed it: the
;; ledger block (by hash) whose commit won, the elected producer and that commit's txid. The ledger
;; block must be known to the light client and canonical there, and its height must be above every
;; height decided before: each height is decided (paid or forfeited) once, in order.
;;
;; Rewards: 3.5 FAI halving every 2,100,000 ledger blocks, one per ledger height, from the system
;; principal's issuance reserve. An accepted block with a bonded producer pays it the reward; a
;; rejected block, or an unbonded producer, burns it; heights skipped since the last verdict burn
;; theirs (so the reserve always equals the rewards of the heights not yet decided). Each valid
;; record pays its gas to its executor from the requester's prepaid fee account held here, if the
;; executor is bonded; an invalid record pays nothing and costs the executor a fixed penalty. A
;; rejected block costs its producer a fixed penalty. Verifiers that signed the opposite of the
;; certificate's majority lose a share of their bond; so do verifiers silent for SILENCE-WINDOW
;; verdicts in a row. Every amount is printed next to the VM's own transfer and burn events.

(define-constant SYSTEM tx-sender)

(define-constant INITIAL-REWARD u350000000)
(define-constant HALVING-INTERVAL u2100000)
(define-constant FEE-WITHDRAWAL-DELAY u6)
(define-constant CYCLE-LENGTH u144)

;; Fixed penalties (base units), taken from the offender's bond as far as it goes.
(define-constant PENALTY-INVALID-RECORD u100000000)
(define-constant PENALTY-REJECTED-BLOCK u1000000000)
;; Verifier penalties: shares of the bond, in basis points.
(define-constant CONTRADICTION-BPS u500)
(define-constant SILENCE-BPS u100)
(define-constant SILENCE-WINDOW u144)

(define-constant ERR-NOT-SYSTEM (err u300))
(define-constant ERR-DUPLICATE-BLOCK (err u301))
(define-constant ERR-HEIGHT-DECIDED (err u302))
(define-constant ERR-UNKNOWN-LEDGER-BLOCK (err u303))
(define-constant ERR-RECORDS-IN-REJECTED-BLOCK (err u304))
(define-constant ERR-RESERVE-EXHAUSTED (err u305))
(define-constant ERR-BAD-AMOUNT (err u306))
(define-constant ERR-INSUFFICIENT-FUNDS (err u307))
(define-constant ERR-INSUFFICIENT-FEES (err u308))
(define-constant ERR-NOTHING-TO-WITHDRAW (err u309))
(define-constant ERR-STILL-LOCKED (err u310))
(define-constant ERR-NOT-CANONICAL (err u311))
(define-constant ERR-NOT-A-VERIFIER (err u312))

(define-constant ERAS (list
  u0 u1 u2 u3 u4 u5 u6 u7 u8 u9 u10 u11 u12 u13 u14 u15 u16 u17 u18 u19 u20 u21 u22 u23 u24 u25 u26 u27
  u28 u29 u30 u31 u32 u33 u34 u35 u36 u37 u38 u39 u40 u41 u42 u43 u44 u45 u46 u47 u48 u49 u50 u51 u52 u53
  u54 u55 u56 u57 u58 u59 u60 u61 u62 u63))

(define-map verdicts (buff 32)
  {ledger-hash: (buff 32), ledger-height: uint, producer: principal, commit-txid: (buff 32), accepted: bool,
   reward: uint, burned: uint, gas-paid: uint, slashed: uint})
;; The block that decided each ledger height, and each electing ledger block.
(define-map decided-heights uint (buff 32))
(define-map decided-elections (buff 32) (buff 32))
(define-data-var last-decided (optional uint) none)
(define-map fee-accounts principal {available: uint, pending: uint, release-height: uint})
;; Consecutive verdicts each verifier did not sign.
(define-map missed principal uint)

(define-read-only (get-ledger-height)
  (contract-call? .ledger-light-client get-ledger-height))

;; Bitcoin's GetBlockSubsidy shape: one integer right shift per halving, zero after 64 of them.
(define-read-only (get-block-reward (ledger-height uint))
  (let ((halvings (/ ledger-height HALVING-INTERVAL)))
    (if (>= halvings u64) u0 (bit-shift-right INITIAL-REWARD halvings))))

(define-private (era-sum (era uint) (st {height: uint, sum: uint}))
  (let (
      (start (* era HALVING-INTERVAL))
      (h (get height st))
    )
    (if (<= h start)
      st
      {height: h,
       sum: (+ (get sum st)
               (* (if (< (- h start) HALVING-INTERVAL) (- h start) HALVING-INTERVAL)
                  (bit-shift-right INITIAL-REWARD era)))})))

;; The rewards of every height below `height`: sum of get-block-reward over [0, height).
(define-read-only (get-cumulative-reward (height uint))
  (get sum (fold era-sum ERAS {height: height, sum: u0})))

(define-read-only (get-verdict (block-id (buff 32)))
  (map-get? verdicts block-id))

(define-read-only (get-decided-block (ledger-height uint))
  (map-get? decided-heights ledger-height))

(define-read-only (get-decided-election (ledger-hash (buff 32)))
  (map-get? decided-elections ledger-hash))

(define-read-only (get-last-decided-height)
  (var-get last-decided))

(define-read-only (get-missed (verifier principal))
  (default-to u0 (map-get? missed verifier)))

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
      (if (contract-call? .staking has-bond (get executor record))
        (let ((paid (try! (pay-gas (get requester record) (get executor record) (get gas record)))))
          (ok (merge totals {gas-paid: (+ (get gas-paid totals) paid)})))
        (begin
          ;; An unbonded executor's receipt earns nothing; the requester keeps the gas.
          (print {event: "gas-unbonded", executor: (get executor record), requester: (get requester record),
                  amount: (get gas record)})
          (ok totals)))
      (let ((slashed (try! (contract-call? .staking slash (get executor record) PENALTY-INVALID-RECORD
                                           "invalid-record"))))
        (print {event: "gas-forfeited", executor: (get executor record), requester: (get requester record),
                amount: (get gas record), slashed: slashed})
        (ok (merge totals {slashed: (+ (get slashed totals) slashed)}))))
    err-code
    (err err-code)))

(define-private (member-of (who principal) (l (list 5 principal)))
  (is-some (index-of? l who)))

(define-private (set-member
    (v {verifier: principal, stake: uint, bls-pubkey: (buff 48), reward-script: (buff 34)})
    (st {who: principal, found: bool}))
  (merge st {found: (or (get found st) (is-eq (get verifier v) (get who st)))}))

(define-private (check-member
    (who principal)
    (st {set: (list 5 {verifier: principal, stake: uint, bls-pubkey: (buff 48), reward-script: (buff 34)}),
         ok: bool}))
  (merge st {ok: (and (get ok st) (get found (fold set-member (get set st) {who: who, found: false})))}))

;; One verifier of the election's set: a contradiction costs CONTRADICTION-BPS of its bond; a
;; signature (either way) resets its silence count; SILENCE-WINDOW verdicts in a row without one
;; cost SILENCE-BPS and restart the count.
(define-private (account-verifier
    (v {verifier: principal, stake: uint, bls-pubkey: (buff 48), reward-script: (buff 34)})
    (acc (response {signers: (list 5 principal), contradictors: (list 5 principal), slashed: uint} uint)))
  (match acc
    st
    (let ((who (get verifier v)))
      (if (member-of who (get contradictors st))
        (let ((taken (try! (contract-call? .staking slash who
                                           (contract-call? .staking bond-share who CONTRADICTION-BPS)
                                           "contradiction"))))
          (map-set missed who u0)
          (ok (merge st {slashed: (+ (get slashed st) taken)})))
        (if (member-of who (get signers st))
          (begin (map-set missed who u0) (ok st))
          (let ((count (+ (get-missed who) u1)))
            (if (>= count SILENCE-WINDOW)
              (let ((taken (try! (contract-call? .staking slash who
                                                 (contract-call? .staking bond-share who SILENCE-BPS)
                                                 "silence"))))
                (map-set missed who u0)
                (ok (merge st {slashed: (+ (get slashed st) taken)})))
              (begin (map-set missed who count) (ok st)))))))
    err-code
    (err err-code)))

(define-private (burn-reserve (amount uint))
  (begin
    (if (> amount u0)
      (unwrap! (stx-burn? amount tx-sender) ERR-RESERVE-EXHAUSTED)
      true)
    (ok amount)))

;; Decides the inference block `block-id`, elected by the commit `commit-txid` of `producer` in the
;; canonical ledger block `ledger-hash`. `accepted` is the certificate's majority; `signers` are the
;; verifiers of the election's cycle whose votes the certificate aggregates, `contradictors` those
;; proven to have signed the opposite verdict (both lists from that cycle's verifier set). Records
;; are empty for a rejected block.
(define-public (apply-verdict
    (block-id (buff 32))
    (ledger-hash (buff 32))
    (producer principal)
    (commit-txid (buff 32))
    (accepted bool)
    (records (list 50 {executor: principal, requester: principal, gas: uint, valid: bool}))
    (signers (list 5 principal))
    (contradictors (list 5 principal)))
  (begin
  (asserts! (is-eq contract-caller SYSTEM) ERR-NOT-SYSTEM)
  (let (
      (header (unwrap! (contract-call? .ledger-light-client get-ledger-header ledger-hash) ERR-UNKNOWN-LEDGER-BLOCK))
      (ledger-height (get height header))
      (last (var-get last-decided))
      (first-open (match last l (+ l u1) u0))
      (reward (get-block-reward ledger-height))
    )
    (asserts! (is-eq (contract-call? .ledger-light-client get-ledger-header-hash ledger-height) (some ledger-hash))
              ERR-NOT-CANONICAL)
    (asserts! (>= ledger-height first-open) ERR-HEIGHT-DECIDED)
    (asserts! (is-none (map-get? verdicts block-id)) ERR-DUPLICATE-BLOCK)
    (asserts! (or accepted (is-eq (len records) u0)) ERR-RECORDS-IN-REJECTED-BLOCK)
    (decide block-id ledger-hash ledger-height producer commit-txid accepted records signers contradictors reward
      ;; Heights between the last decided one and this one were never decided: their rewards burn.
      (if (is-eq ledger-height first-open)
        u0
        (- (get-cumulative-reward ledger-height) (get-cumulative-reward first-open)))
      first-open))))

(define-private (decide
    (block-id (buff 32))
    (ledger-hash (buff 32))
    (ledger-height uint)
    (producer principal)
    (commit-txid (buff 32))
    (accepted bool)
    (records (list 50 {executor: principal, requester: principal, gas: uint, valid: bool}))
    (signers (list 5 principal))
    (contradictors (list 5 principal))
    (reward uint)
    (skipped uint)
    (first-open uint))
  (begin
    ;; The election's cycle's set (snapshotting the current cycle keeps every cycle recorded).
    (unwrap-panic (contract-call? .staking snapshot-verifier-set))
    (let ((set (default-to (list) (contract-call? .staking get-verifier-set (/ ledger-height CYCLE-LENGTH)))))
      (asserts! (get ok (fold check-member signers {set: set, ok: true})) ERR-NOT-A-VERIFIER)
      (asserts! (get ok (fold check-member contradictors {set: set, ok: true})) ERR-NOT-A-VERIFIER)
      (try! (burn-reserve skipped))
      (if (> skipped u0)
        (begin (print {event: "rewards-skipped", from: first-open, to: ledger-height, burned: skipped}) true)
        false)
      (map-set decided-heights ledger-height block-id)
      (map-set decided-elections ledger-hash block-id)
      (var-set last-decided (some ledger-height))
      (let (
          (verifiers (try! (fold account-verifier set
                             (ok {signers: signers, contradictors: contradictors, slashed: u0}))))
          (bonded (contract-call? .staking has-bond producer))
        )
        (if accepted
          (let (
              (totals (try! (fold apply-record records (ok {gas-paid: u0, slashed: u0}))))
              (paid (if bonded reward u0))
              (burned (if bonded u0 reward))
            )
            (if (> paid u0) (unwrap! (stx-transfer? paid tx-sender producer) ERR-RESERVE-EXHAUSTED) true)
            (try! (burn-reserve burned))
            (print {event: "block-reward", block-id: block-id, producer: producer, ledger-height: ledger-height,
                    ledger-hash: ledger-hash, commit-txid: commit-txid, amount: paid, burned: burned})
            (map-set verdicts block-id
              {ledger-hash: ledger-hash, ledger-height: ledger-height, producer: producer, commit-txid: commit-txid,
               accepted: true, reward: paid, burned: burned, gas-paid: (get gas-paid totals),
               slashed: (+ (get slashed totals) (get slashed verifiers))})
            (ok {reward: paid, burned: (+ burned skipped), gas-paid: (get gas-paid totals),
                 slashed: (+ (get slashed totals) (get slashed verifiers))}))
          (let ((slashed (try! (contract-call? .staking slash producer PENALTY-REJECTED-BLOCK "rejected-block"))))
            (try! (burn-reserve reward))
            (print {event: "block-rejected", block-id: block-id, producer: producer, ledger-height: ledger-height,
                    ledger-hash: ledger-hash, commit-txid: commit-txid, burned: reward, slashed: slashed})
            (map-set verdicts block-id
              {ledger-hash: ledger-hash, ledger-height: ledger-height, producer: producer, commit-txid: commit-txid,
               accepted: false, reward: u0, burned: reward, gas-paid: u0,
               slashed: (+ slashed (get slashed verifiers))})
            (ok {reward: u0, burned: (+ reward skipped), gas-paid: u0,
                 slashed: (+ slashed (get slashed verifiers))})))))))
