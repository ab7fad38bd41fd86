import PlacardCore
import Hummingbird
