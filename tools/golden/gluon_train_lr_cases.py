"""Scheduler configurations shared by the golden generator and tests/test_lr_scheduler.py
(plain Python: no MXNet import)."""
_UP = list(range(0, 40)) + [35, 50, 100, 101, 150, 5]

CASES = {
    "factor": ("FactorScheduler", {"step": 5, "factor": 0.5, "base_lr": 1.0}, _UP),
    "factor_stop": ("FactorScheduler", {"step": 3, "factor": 0.1, "stop_factor_lr": 1e-3,
                                        "base_lr": 1.0}, _UP),
    "factor_warmup_linear": ("FactorScheduler", {"step": 4, "factor": 0.9, "base_lr": 0.5,
                                                 "warmup_steps": 10, "warmup_begin_lr": 0.1},
                             _UP),
    "factor_warmup_constant": ("FactorScheduler", {"step": 4, "factor": 0.9, "base_lr": 0.5,
                                                   "warmup_steps": 6, "warmup_begin_lr": 0.2,
                                                   "warmup_mode": "constant"}, _UP),
    "multifactor": ("MultiFactorScheduler", {"step": [3, 10, 20], "factor": 0.5,
                                             "base_lr": 2.0}, _UP),
    "multifactor_warmup": ("MultiFactorScheduler", {"step": [8, 12], "factor": 0.1,
                                                    "base_lr": 1.0, "warmup_steps": 5}, _UP),
    "poly": ("PolyScheduler", {"max_update": 30, "base_lr": 1.0, "pwr": 2}, _UP),
    "poly_final_warmup": ("PolyScheduler", {"max_update": 40, "base_lr": 0.8, "pwr": 1.5,
                                            "final_lr": 0.1, "warmup_steps": 10,
                                            "warmup_begin_lr": 0.05}, _UP),
    "cosine": ("CosineScheduler", {"max_update": 25, "base_lr": 1.0}, _UP),
    "cosine_final_warmup": ("CosineScheduler", {"max_update": 30, "base_lr": 0.6,
                                                "final_lr": 0.01, "warmup_steps": 5,
                                                "warmup_begin_lr": 0.0,
                                                "warmup_mode": "constant"}, _UP),
}
