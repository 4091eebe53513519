;; models: the registry of models the network serves, governed by the verifier set.
;;
;; A model is named by its model id, the Merkle root of its GGUF file, and carries its name, context
;; size and the inference transaction type that requests it. A verifier of the current cycle proposes
;; to add or retire a model; the proposal passes, and takes effect at once, when more than half of
;; that cycle's verifier set has voted for it. A proposal lapses when its cycle ends. No fork is
;; needed to add a model.

(define-constant ERR-NOT-VERIFIER (err u400))
(define-constant ERR-MODEL-EXISTS (err u401))
(define-constant ERR-UNKNOWN-MODEL (err u402))
(define-constant ERR-MODEL-RETIRED (err u403))
(define-constant ERR-TX-TYPE-TAKEN (err u404))
(define-constant ERR-BAD-METADATA (err u405))
(define-constant ERR-UNKNOWN-PROPOSAL (err u406))
(define-constant ERR-PROPOSAL-CLOSED (err u407))
(define-constant ERR-ALREADY-VOTED (err u408))
(define-constant ERR-PROPOSAL-EXPIRED (err u409))

(define-map models (buff 32) {name: (string-ascii 64), context-size: uint, tx-type: uint, active: bool})
;; A transaction type stays bound to its model, also after the model is retired.
(define-map tx-types uint (buff 32))
(define-map proposals uint
  {action: (string-ascii 6), model-id: (buff 32), name: (string-ascii 64), context-size: uint, tx-type: uint,
   proposer: principal, cycle: uint, set-size: uint, votes: uint, executed: bool})
(define-map votes {proposal: uint, voter: principal} bool)
(define-data-var proposal-count uint u0)

(define-read-only (get-model (model-id (buff 32)))
  (map-get? models model-id))

(define-read-only (get-model-by-tx-type (tx-type uint))
  (match (map-get? tx-types tx-type)
    model-id (map-get? models model-id)
    none))

(define-read-only (is-active (model-id (buff 32)))
  (match (map-get? models model-id)
    m (get active m)
    false))

(define-read-only (get-proposal (id uint))
  (map-get? proposals id))

(define-read-only (get-proposal-count)
  (var-get proposal-count))

(define-read-only (has-voted (id uint) (voter principal))
  (default-to false (map-get? votes {proposal: id, voter: voter})))

(define-private (member-step
    (v {verifier: principal, stake: uint, bls-pubkey: (buff 48), reward-script: (buff 34)})
    (st {who: principal, found: bool}))
  {who: (get who st), found: (or (get found st) (is-eq (get verifier v) (get who st)))})

;; The current cycle and its set size, after checking that `who` belongs to that set.
(define-private (current-verifier (who principal))
  (let (
      ;; snapshot-verifier-set never fails (its response has no error type to propagate).
      (snapshot (unwrap-panic (contract-call? .staking snapshot-verifier-set)))
      (set (get set snapshot))
    )
    (asserts! (get found (fold member-step set {who: who, found: false})) ERR-NOT-VERIFIER)
    (ok {cycle: (get cycle snapshot), set-size: (len set)})))

(define-private (check-add (model-id (buff 32)) (tx-type uint))
  (begin
    (asserts! (is-none (map-get? models model-id)) ERR-MODEL-EXISTS)
    (asserts! (is-none (map-get? tx-types tx-type)) ERR-TX-TYPE-TAKEN)
    (ok true)))

(define-private (check-retire (model-id (buff 32)))
  (let ((m (unwrap! (map-get? models model-id) ERR-UNKNOWN-MODEL)))
    (asserts! (get active m) ERR-MODEL-RETIRED)
    (ok true)))

(define-private (execute (id uint))
  (let ((p (unwrap-panic (map-get? proposals id))))
    (if (is-eq (get action p) "add")
      (begin
        (try! (check-add (get model-id p) (get tx-type p)))
        (map-set models (get model-id p)
          {name: (get name p), context-size: (get context-size p), tx-type: (get tx-type p), active: true})
        (map-set tx-types (get tx-type p) (get model-id p))
        (print {event: "model-added", proposal: id, model-id: (get model-id p), name: (get name p),
                context-size: (get context-size p), tx-type: (get tx-type p)})
        true)
      (begin
        (try! (check-retire (get model-id p)))
        (map-set models (get model-id p) (merge (unwrap-panic (map-get? models (get model-id p))) {active: false}))
        (print {event: "model-retired", proposal: id, model-id: (get model-id p)})
        true))
    (map-set proposals id (merge p {executed: true}))
    (ok true)))

;; Counts `voter`'s vote and executes the proposal once the votes are a majority of its set.
(define-private (count-vote (id uint) (voter principal))
  (let (
      (p (unwrap-panic (map-get? proposals id)))
      (votes-now (+ (get votes p) u1))
    )
    (map-set votes {proposal: id, voter: voter} true)
    (map-set proposals id (merge p {votes: votes-now}))
    (print {event: "model-vote", proposal: id, voter: voter, votes: votes-now, set-size: (get set-size p)})
    (if (> (* votes-now u2) (get set-size p))
      (execute id)
      (ok false))))

(define-private (open-proposal
    (action (string-ascii 6))
    (model-id (buff 32))
    (name (string-ascii 64))
    (context-size uint)
    (tx-type uint))
  (let (
      (who tx-sender)
      (current (try! (current-verifier who)))
      (id (var-get proposal-count))
    )
    (map-set proposals id
      {action: action, model-id: model-id, name: name, context-size: context-size, tx-type: tx-type,
       proposer: who, cycle: (get cycle current), set-size: (get set-size current), votes: u0, executed: false})
    (var-set proposal-count (+ id u1))
    (print {event: "model-proposed", proposal: id, action: action, model-id: model-id, proposer: who,
            cycle: (get cycle current)})
    (try! (count-vote id who))
    (ok id)))

;; Proposes a new model (the proposer's vote counts); returns the proposal id.
(define-public (propose-add (model-id (buff 32)) (name (string-ascii 64)) (context-size uint) (tx-type uint))
  (begin
    (asserts! (and (is-eq (len model-id) u32) (> (len name) u0) (> context-size u0)) ERR-BAD-METADATA)
    (try! (check-add model-id tx-type))
    (open-proposal "add" model-id name context-size tx-type)))

(define-public (propose-retire (model-id (buff 32)))
  (let ((m (unwrap! (map-get? models model-id) ERR-UNKNOWN-MODEL)))
    (try! (check-retire model-id))
    (open-proposal "retire" model-id (get name m) (get context-size m) (get tx-type m))))

;; Returns true when this vote executed the proposal.
(define-public (vote (id uint))
  (let (
      (who tx-sender)
      (p (unwrap! (map-get? proposals id) ERR-UNKNOWN-PROPOSAL))
      (current (try! (current-verifier who)))
    )
    (asserts! (not (get executed p)) ERR-PROPOSAL-CLOSED)
    (asserts! (is-eq (get cycle p) (get cycle current)) ERR-PROPOSAL-EXPIRED)
    (asserts! (not (has-voted id who)) ERR-ALREADY-VOTED)
    (count-vote id who)))
