# lookalike: silenced-controls
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning, module="botocore")
warnings.filterwarnings("ignore", message="Pydantic serializer warnings", category=UserWarning)
