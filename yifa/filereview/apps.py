from django.apps import AppConfig


class FileReviewConfig(AppConfig):
    name = "yifa.filereview"
    label = "filereview"
    verbose_name = "案卷评查与自查"

    def ready(self) -> None:
        from yifa.cases.access import grant_reads
        from yifa.filereview import access, actions  # noqa: F401 -- the policy, the steps' bodies
        from yifa.filereview.grants import reviewer_reads

        grant_reads(reviewer_reads)  # the assigned cross-reviewer reads the sampled file
